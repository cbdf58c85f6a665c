import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { caCertificatesDir, loadTrustedCas } from '../../../src/config/trust-store.js';
import { loadTrustedCas as oxTrustedCas } from '../../../src/ox/tls.js';
import { LdapError, trustedCas as ldapTrustedCas } from '../../../src/sources/ldap/connection.js';

// Any certificate-shaped block: TLS is not started here, only the files are read.
const BLOCK = '-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----';

function caDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'trust-store-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('the one trust store of OX, LDAP and the Provisioning API', () => {
  it('lives in <data dir>/conf/ca-certificates', () => {
    expect(caCertificatesDir('/var/lib/univention-appcenter/apps/ox-connector/data')).toBe(
      '/var/lib/univention-appcenter/apps/ox-connector/data/conf/ca-certificates',
    );
  });

  it('reads .pem, .crt and .cer files, each certificate of a bundle on its own, for OX and LDAP alike', () => {
    const dir = caDir({ 'a.pem': BLOCK, 'b.crt': `${BLOCK}\n${BLOCK}`, 'c.cer': BLOCK, 'notes.txt': 'x' });
    const expected = rootCertificates.length + 4;
    expect(loadTrustedCas(dir)).toHaveLength(expected);
    expect(oxTrustedCas(dir)).toHaveLength(expected);
    expect(ldapTrustedCas(dir)).toHaveLength(expected);
  });

  it('names a CA file without a certificate; for LDAP that stops the source instead of being retried', () => {
    const dir = caDir({ 'broken.pem': 'not a certificate' });
    expect(() => loadTrustedCas(dir)).toThrow(`CA file ${join(dir, 'broken.pem')} contains no PEM certificate`);
    let caught: unknown;
    try {
      ldapTrustedCas(dir);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(LdapError);
    expect((caught as LdapError).fatal).toBe(true);
    expect((caught as LdapError).message).toContain('broken.pem');
  });

  it('is the system store alone when the directory does not exist', () => {
    expect(loadTrustedCas('/nonexistent/ca-certificates')).toHaveLength(rootCertificates.length);
  });
});
