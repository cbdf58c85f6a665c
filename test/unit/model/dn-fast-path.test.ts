import { describe, expect, it } from 'vitest';
import { normalizeDn } from '../../../src/model/dn.js';

// normalizeDn answers plain DNs by lower-casing them (issue 6); the general path must agree on every one.
// Blanks around the separators force the general path for the same DN.
const PLAIN = [
  'uid=Anna.Meier,cn=users,dc=example,dc=org',
  'cn=Domain Users,cn=groups,dc=Example,dc=COM',
  'uid=a_b-c@d.e,ou=Sales Team East,dc=x',
  'cn=x',
  'CN=Mixed Case Value With Several Words,DC=a-b,DC=c1',
];

describe('normalizeDn fast path for plain DNs', () => {
  it.each(PLAIN)('%s: same as the general path', (dn) => {
    const viaGeneralPath = normalizeDn(dn.replace(/,/g, ' , '));
    expect(normalizeDn(dn)).toBe(dn.toLowerCase());
    expect(normalizeDn(dn)).toBe(viaGeneralPath);
  });

  it('leaves DNs with escapes, quotes, multi-valued RDNs or edge blanks to the general path', () => {
    expect(normalizeDn('cn=a\\2Cb,dc=x')).toBe('cn=a\\,b,dc=x');
    expect(normalizeDn('cn="a,b",dc=x')).toBe('cn=a\\,b,dc=x');
    expect(normalizeDn('cn=b+uid=a,dc=x')).toBe('cn=b+uid=a,dc=x');
    expect(normalizeDn('uid=a+cn=b,dc=x')).toBe('cn=b+uid=a,dc=x');
    expect(normalizeDn('cn=a=b,dc=x')).toBe('cn=a\\=b,dc=x');
    expect(normalizeDn('cn=a ,dc=x')).toBe('cn=a,dc=x');
    expect(normalizeDn('cn=#a,dc=x')).toBe('cn=\\#a,dc=x');
    expect(normalizeDn('CN=Ä,dc=x')).toBe('cn=ä,dc=x');
  });
});
