// Issue 14 item 10: NODE_TLS_REJECT_UNAUTHORIZED=0 once made the connector send the master password to an OX
// whose certificate nobody had verified. The connector always verifies; a CA the administrator trusts goes into
// <data dir>/conf/ca-certificates/. OX here is the emulator behind an HTTPS front with a self-signed certificate.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contextDn, contextObject, E2E, MASTER_PASSWORD, useE2E } from '../../helpers/e2e.js';
import { contextData } from '../../helpers/ox-read.js';

const e2e = useE2E(1500);

/** A self-signed certificate for localhost, made the way an administrator would (openssl). */
function selfSigned(dir: string) {
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost',
      '-keyout',
      join(dir, 'ox.key'),
      '-out',
      join(dir, 'ox.pem'),
    ],
    { stdio: 'ignore' },
  );
  return { key: readFileSync(join(dir, 'ox.key')), cert: readFileSync(join(dir, 'ox.pem')), pem: join(dir, 'ox.pem') };
}

describe('OX with a certificate nobody trusts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'oxc-untrusted-'));
  /** Every request body the HTTPS front received (it forwards them to the emulator). */
  const bodies: string[] = [];
  let front: https.Server;
  let soapServer = '';
  let pem = '';

  beforeAll(async () => {
    const certificate = selfSigned(dir);
    pem = certificate.pem;
    const target = new URL(e2e.emulator.url);
    front = https.createServer({ key: certificate.key, cert: certificate.cert }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        bodies.push(body.toString('utf8'));
        const forward = http.request(
          { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
          (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          },
        );
        forward.end(body);
      });
    });
    await new Promise<void>((r) => front.listen(0, '127.0.0.1', r));
    soapServer = `https://localhost:${(front.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    front.closeAllConnections();
    await new Promise((r) => front.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses it although NODE_TLS_REJECT_UNAUTHORIZED=0, names the CA directory, and sends no password', async () => {
    const ctx = e2e.newContextId();
    const t = new E2E(e2e.emulator, { OX_SOAP_SERVER: soapServer, DEFAULT_CONTEXT: String(ctx) });
    t.queue(`ctx-${ctx}`, 'oxmail/oxcontext', contextDn(ctx), contextObject(ctx));
    const caDir = join(t.dataDir, 'conf', 'ca-certificates');

    const refused = await t.run(['run', '--once'], { NODE_TLS_REJECT_UNAUTHORIZED: '0' });
    const output = refused.stdout + refused.stderr;
    expect(bodies).toEqual([]); // not one request reached the server: no master password either
    expect(refused.code).toBe(1);
    expect(output).toContain('NODE_TLS_REJECT_UNAUTHORIZED=0 is set and ignored');
    expect(output).toMatch(/TLS with OX failed: self[- ]signed certificate \(https:\/\/localhost:\d+\/webservices\//);
    expect(output).toContain(`put the PEM file of the CA that signed it into ${caDir}/`);
    expect(output).not.toContain(MASTER_PASSWORD);
    expect(t.queueFiles()).toHaveLength(1);

    // The administrator's way to trust it: its certificate into the CA directory.
    mkdirSync(caDir, { recursive: true });
    copyFileSync(pem, join(caDir, 'ox.pem'));
    await t.runOk();
    expect(bodies.length).toBeGreaterThan(0);
    const ox = t.client();
    try {
      expect(await contextData(ox, ctx)).toMatchObject({ id: ctx, name: `context${ctx}` });
    } finally {
      ox.close();
    }
  });
});
