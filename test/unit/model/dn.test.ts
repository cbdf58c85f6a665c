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
