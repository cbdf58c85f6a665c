/**
 * Trust store for HTTPS to OX: the system's root certificates plus every PEM file in the data directory's
 * `conf/ca-certificates/` (where the original app expects site CAs). Verification is never switched off, not even
 * by NODE_TLS_REJECT_UNAUTHORIZED=0 (decision 0226).
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';

const PEM_FILE = /\.(pem|crt|cer)$/i;

export function loadTrustedCas(caDir: string | undefined): string[] {
  const cas = [...rootCertificates];
  if (caDir === undefined || !existsSync(caDir)) return cas;
  for (const file of readdirSync(caDir).sort()) {
    if (!PEM_FILE.test(file)) continue;
    const text = readFileSync(join(caDir, file), 'utf8');
    // A file may bundle several certificates; each is handed to TLS on its own.
    const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g);
    if (blocks === null)
      throw new Error(
        `CA file ${join(caDir, file)} contains no PEM certificate; remove it or replace it with a PEM file`,
      );
    cas.push(...blocks);
  }
  return cas;
}

/**
 * Passed to every TLS connection to OX. Node would otherwise take its default from NODE_TLS_REJECT_UNAUTHORIZED,
 * and `0` there once sent the master password to a server nobody had verified (decision 0226).
 */
export const VERIFY_CERTIFICATES = { rejectUnauthorized: true } as const;

/** Node's codes for a certificate no trusted CA vouches for, or one outside its validity. */
const UNTRUSTED_CERTIFICATE = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
]);

/** What the administrator must do about a failed certificate check of OX, or undefined for other errors. */
export function certificateFailureAdvice(error: NodeJS.ErrnoException, caDir: string | undefined): string | undefined {
  if (error.code === 'ERR_TLS_CERT_ALTNAME_INVALID')
    return 'its certificate does not name this host: use the host name it was issued for in OX_SOAP_SERVER';
  if (error.code === undefined || !UNTRUSTED_CERTIFICATE.has(error.code)) return undefined;
  const where = caDir ?? '<data dir>/conf/ca-certificates';
  return `its certificate cannot be verified: put the PEM file of the CA that signed it into ${where}/ (the system CAs are trusted too); it is read again before the next attempt`;
}

/** A start-up warning when NODE_TLS_REJECT_UNAUTHORIZED=0 is set: it has no effect on the connector. */
export function ignoredTlsOverride(env: Record<string, string | undefined>, caDir: string): string | undefined {
  if (env.NODE_TLS_REJECT_UNAUTHORIZED !== '0') return undefined;
  return `NODE_TLS_REJECT_UNAUTHORIZED=0 is set and ignored: the connector always verifies the certificates of OX and the LDAP server. To trust a CA, put its PEM file into ${caDir}/`;
}
