/**
 * Trust store for HTTPS to OX: the system's root certificates plus every PEM file in the data directory's
 * `conf/ca-certificates/` (where the original app expects site CAs). Verification is never switched off, not even
 * by NODE_TLS_REJECT_UNAUTHORIZED=0 (decision 0226).
 */
import {
  CA_DIR_PLACEHOLDER,
  isUntrustedCertificate,
  isWrongCertificateHost,
  loadTrustedCas,
  VERIFY_CERTIFICATES,
} from '../config/trust-store.js';

// The trust store is shared with the LDAP and Nubus sources; OX's callers keep importing it from here.
export { loadTrustedCas, VERIFY_CERTIFICATES };

/** What the administrator must do about a failed certificate check of OX, or undefined for other errors. */
export function certificateFailureAdvice(error: NodeJS.ErrnoException, caDir: string | undefined): string | undefined {
  if (isWrongCertificateHost(error))
    return 'its certificate does not name this host: use the host name it was issued for in OX_SOAP_SERVER';
  if (!isUntrustedCertificate(error)) return undefined;
  const where = caDir ?? CA_DIR_PLACEHOLDER;
  return `its certificate cannot be verified: put the PEM file of the CA that signed it into ${where}/ (the system CAs are trusted too); it is read again before the next attempt`;
}

/** A start-up warning when NODE_TLS_REJECT_UNAUTHORIZED=0 is set: it has no effect on the connector. */
export function ignoredTlsOverride(env: Record<string, string | undefined>, caDir: string): string | undefined {
  if (env.NODE_TLS_REJECT_UNAUTHORIZED !== '0') return undefined;
  return `NODE_TLS_REJECT_UNAUTHORIZED=0 is set and ignored: the connector always verifies the certificates of OX and the LDAP server. To trust a CA, put its PEM file into ${caDir}/`;
}
