/**
 * Trust store for HTTPS to OX: the system's root certificates plus every PEM file in the data directory's
 * `conf/ca-certificates/` (where the original app expects site CAs). Verification is never switched off.
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
