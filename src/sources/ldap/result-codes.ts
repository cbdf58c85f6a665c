// LDAP result codes (RFC 4511 §4.1.9) turned into messages an administrator can act on: the code's name, what
// the server said (diagnosticMessage, and for "no such object" the matchedDN — the nearest entry that exists),
// and which setting to check. A bare "failed with result 32" tells a newcomer nothing.
import type { LdapResult } from './protocol.js';

const NAMES: Record<number, string> = {
  1: 'operationsError',
  2: 'protocolError',
  3: 'timeLimitExceeded',
  4: 'sizeLimitExceeded',
  7: 'authMethodNotSupported',
  8: 'strongerAuthRequired',
  11: 'adminLimitExceeded',
  12: 'unavailableCriticalExtension',
  13: 'confidentialityRequired',
  32: 'noSuchObject',
  34: 'invalidDNSyntax',
  48: 'inappropriateAuthentication',
  49: 'invalidCredentials',
  50: 'insufficientAccessRights',
  51: 'busy',
  52: 'unavailable',
  53: 'unwillingToPerform',
  80: 'other',
};

/** "noSuchObject (LDAP result 32)", with the server's own words when it gave any. */
function said(result: LdapResult): string {
  const name = NAMES[result.resultCode];
  const code = name ? `${name} (LDAP result ${result.resultCode})` : `LDAP result ${result.resultCode}`;
  return result.diagnosticMessage ? `${code}, the server said "${result.diagnosticMessage}"` : code;
}

const USE_TLS = 'the server wants an encrypted connection: use ldaps:// in LDAP_URI or set LDAP_START_TLS=true';

/** Why a simple bind as `dn` failed, and what to check. Never includes the password. */
export function bindFailureMessage(dn: string, result: LdapResult): string {
  const what: Record<number, string> = {
    49: 'the DN or the password is wrong: check LDAP_BIND_DN and the password in LDAP_BIND_PASSWORD_FILE',
    53: 'the server refuses this bind (an empty password, or a locked account): check LDAP_BIND_PASSWORD_FILE and the account',
    48: 'this account may not bind with a password: use another LDAP_BIND_DN',
    7: 'the server does not accept simple binds: use an account that may bind with a password',
    8: USE_TLS,
    13: USE_TLS,
  };
  const hint = what[result.resultCode];
  return `LDAP bind as "${dn}" failed: ${said(result)}${hint ? `; ${hint}` : ''}`;
}

/** Why the search (or sync search) under `base` failed, and what to check. */
export function searchFailureMessage(
  base: string,
  result: LdapResult,
  who: { bindDn?: string; sync?: boolean } = {},
): string {
  const account = who.bindDn
    ? `the account "${who.bindDn}" (LDAP_BIND_DN)`
    : 'an anonymous connection (no LDAP_BIND_DN)';
  const search = who.sync ? 'LDAP sync search' : 'LDAP search';
  switch (result.resultCode) {
    case 32: {
      const nearest = result.matchedDN ? `; the nearest entry that exists is "${result.matchedDN}"` : '';
      return `LDAP_BASE "${base}" does not exist on the server, or ${account} may not see it: ${said(result)}${nearest}. Check LDAP_BASE (and the read access of the account).`;
    }
    case 34:
      return `LDAP_BASE "${base}" is not a DN the server accepts: ${said(result)}. Check LDAP_BASE.`;
    case 50:
      return `${account[0].toUpperCase()}${account.slice(1)} may not read under LDAP_BASE "${base}": ${said(result)}. Give it read access to the OX objects under the base (see the README's service account), or use another LDAP_BIND_DN.`;
    case 53:
      return `The server refuses the ${search} under "${base}" for ${account}: ${said(result)}. If it asks for authentication, set LDAP_BIND_DN and LDAP_BIND_PASSWORD_FILE; otherwise check the server's limits and access rules for the account.`;
    case 12:
      return `The server does not offer content synchronisation under "${base}": ${said(result)}. Load the syncprov overlay on the database that holds LDAP_BASE (see the README).`;
    case 8:
    case 13:
      return `The ${search} under "${base}" failed: ${said(result)}; ${USE_TLS}.`;
    case 3:
    case 4:
    case 11:
      return `The ${search} under "${base}" hit a server limit: ${said(result)}. Lift the size and time limits for ${account} (olcLimits).`;
    default:
      return `The ${search} under "${base}" failed: ${said(result)}.`;
  }
}
