/**
 * The one trust store of every TLS connection the connector makes (OX, the LDAP server, the Provisioning API):
 * the system's root certificates plus every PEM file in the data directory's `conf/ca-certificates/`, where the
 * original app expects site CAs. Verification is never switched off, not even by NODE_TLS_REJECT_UNAUTHORIZED=0
 * (decision 0226). See docs/reference/data-directory.md for the layout.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';

/** `<data dir>/conf/ca-certificates`: the directory of site CAs, as the original app has it. */
export function caCertificatesDir(dataDir: string): string {
  return join(dataDir, 'conf', 'ca-certificates');
}

/** How messages name the directory when the caller does not know the data directory. */
export const CA_DIR_PLACEHOLDER = '<data dir>/conf/ca-certificates';

const PEM_FILE = /\.(pem|crt|cer)$/i;

/** System CAs plus each certificate of each PEM file in `caDir`; a file with no certificate is named as an error. */
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
 * Stated on every TLS connection. Node would otherwise take its default from NODE_TLS_REJECT_UNAUTHORIZED, and `0`
 * there once sent the master password to a server nobody had verified (decision 0226).
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

/** The certificate cannot be verified: only a CA file in the CA directory helps, retrying does not. */
export function isUntrustedCertificate(error: NodeJS.ErrnoException): boolean {
  return error.code !== undefined && UNTRUSTED_CERTIFICATE.has(error.code);
}

/** The certificate was issued for another host name: only the right host name in the setting helps. */
export function isWrongCertificateHost(error: NodeJS.ErrnoException): boolean {
  return error.code === 'ERR_TLS_CERT_ALTNAME_INVALID';
}
