// The LDAP result texts without a server: every message keeps the code's number and the server's words, and
// says which setting to look at; the codes slapd produces are tested against slapd in ldap-errors.test.ts.
import { describe, expect, it } from 'vitest';
import { bindFailureMessage, searchFailureMessage } from '../../../src/sources/ldap/result-codes.js';

const result = (resultCode: number, diagnosticMessage = '', matchedDN = '') => ({
  resultCode,
  diagnosticMessage,
  matchedDN,
});

describe('LDAP result messages', () => {
  it('names syncprov when the server lacks content synchronisation (12)', () => {
    expect(searchFailureMessage('dc=x', result(12, 'critical extension is unavailable'), { sync: true })).toBe(
      'The server does not offer content synchronisation under "dc=x": unavailableCriticalExtension (LDAP result 12), the server said "critical extension is unavailable". Load the syncprov overlay on the database that holds LDAP_BASE (see the README).',
    );
  });

  it('keeps the number and the server text of a code it has no advice for', () => {
    expect(searchFailureMessage('dc=x', result(71, 'affects multiple DSAs'))).toBe(
      'The LDAP search under "dc=x" failed: LDAP result 71, the server said "affects multiple DSAs".',
    );
    expect(bindFailureMessage('cn=a,dc=x', result(80))).toBe('LDAP bind as "cn=a,dc=x" failed: other (LDAP result 80)');
  });

  it('points to TLS when the server wants an encrypted connection', () => {
    expect(bindFailureMessage('cn=a,dc=x', result(13, 'confidentiality required'))).toMatch(
      /confidentialityRequired \(LDAP result 13\).*use ldaps:\/\/ in LDAP_URI or set LDAP_START_TLS=true$/,
    );
  });
});
