import { describe, expect, it } from 'vitest';
import { normalizeDn } from '../../../src/model/dn.js';

describe('normalizeDn', () => {
  it('lower-cases and removes blanks after separators', () => {
    expect(normalizeDn('UID=Foo, CN=Users,DC=Example,DC=Com')).toBe('uid=foo,cn=users,dc=example,dc=com');
    expect(normalizeDn(' uid = foo ,  cn=users ')).toBe('uid=foo,cn=users');
  });
  it('keeps escaped commas inside values', () => {
    expect(normalizeDn('CN=Doe\\, John,DC=x')).toBe('cn=doe\\, john,dc=x');
  });
  it('sorts multi-valued RDNs', () => {
    expect(normalizeDn('uid=a+cn=B,dc=x')).toBe(normalizeDn('CN=b + UID=a,dc=x'));
  });
  it('empty gives undefined', () => {
    expect(normalizeDn('')).toBeUndefined();
    expect(normalizeDn(null)).toBeUndefined();
  });
});

describe('normalizeDn: values as python-ldap str2dn/dn2str see them (original-connector.md)', () => {
  it('hex escapes, character escapes and quoted values are one value', () => {
    const canonical = normalizeDn('cn=Doe\\, John,dc=x');
    expect(normalizeDn('CN=Doe\\2C John,DC=x')).toBe(canonical);
    expect(normalizeDn('cn="Doe, John",dc=x')).toBe(canonical);
    expect(canonical).toBe('cn=doe\\, john,dc=x');
  });
  it('UTF-8 hex pairs decode to the character, case folded', () => {
    expect(normalizeDn('uid=J\\C3\\BCrgen,dc=x')).toBe(normalizeDn('uid=jürgen,dc=x'));
    expect(normalizeDn('uid=\\C3\\9Cbel,dc=x')).toBe('uid=übel,dc=x');
  });
  it('unneeded escapes are dropped, needed ones (incl. "=" as python-ldap) written', () => {
    expect(normalizeDn('cn=a\\-b,dc=x')).toBe('cn=a-b,dc=x');
    expect(normalizeDn('cn=a\\3Db,dc=x')).toBe('cn=a\\=b,dc=x');
    expect(normalizeDn('cn=\\#hash,dc=x')).toBe('cn=\\#hash,dc=x');
  });
  it('escaped blanks at the ends are kept, unescaped ones dropped', () => {
    expect(normalizeDn('cn=a\\ ,dc=x')).toBe('cn=a\\ ,dc=x');
    expect(normalizeDn('cn= a ,dc=x')).toBe('cn=a,dc=x');
    expect(normalizeDn('cn=a b,dc=x\\ ')).toBe('cn=a b,dc=x\\ ');
  });
  it('is idempotent', () => {
    for (const dn of ['cn=Doe\\2C John,DC=x', 'uid=a+cn=B,dc=x', 'cn=\\#a\\ ,dc=x', 'cn="x;y",dc=z']) {
      const once = normalizeDn(dn);
      expect(normalizeDn(once)).toBe(once);
    }
  });
});
