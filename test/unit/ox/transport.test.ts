// The OX client's HTTP leg (src/ox/transport.ts) against small local servers: what goes on the wire, the
// keep-alive pool, the whole-request timeout, connection trouble as transient OxErrors, HTTPS with the data
// directory's CA files, and close().
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { OxError } from '../../../src/ox/errors.js';
import { SoapTransport } from '../../../src/ox/transport.js';

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A server that records each request and lets `answer` reply (default: 200 with a body naming the action). */
async function serve(
  answer: (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void = (req, res) =>
    res.end(`<ok action=${String(req.headers.soapaction)}/>`),
  make: (handler: http.RequestListener) => http.Server = (handler) => http.createServer(handler),
) {
  const seen: Seen[] = [];
  const sockets = new Set<Socket>();
  let connections = 0;
  const server = make((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      answer(req, res, body);
    });
  });
  server.on(server instanceof https.Server ? 'secureConnection' : 'connection', (socket: Socket) => {
    connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  servers.push(server);
  return {
    port,
    seen,
    openSockets: () => sockets.size,
    connections: () => connections,
  };
}

const servers: http.Server[] = [];
const transports: SoapTransport[] = [];
const dirs: string[] = [];

function transport(base: string, options: { timeoutMs?: number; maxSockets?: number; caDir?: string } = {}) {
  const t = new SoapTransport({
    baseUrl: new URL(base),
    timeoutMs: options.timeoutMs ?? 5000,
    maxSockets: options.maxSockets ?? 16,
    caDir: options.caDir,
  });
  transports.push(t);
  return t;
}

async function failure(promise: Promise<unknown>): Promise<OxError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(OxError);
    return error as OxError;
  }
  throw new Error('expected the call to fail');
}

afterEach(async () => {
  for (const t of transports.splice(0)) t.close();
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((resolve) => s.close(resolve));
  }
});
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('SoapTransport', () => {
  it('POSTs the envelope to the service under the base URL with the SOAP headers and returns status and text', async () => {
    const big = 'é'.repeat(100_000); // several TCP chunks, multi-byte characters split across them
    const server = await serve((req, res, body) => {
      res.writeHead(body.includes('fail') ? 500 : 200, { 'Content-Type': 'text/xml; charset=UTF-8' });
      res.end(body.includes('big') ? `<big>${big}</big>` : '<answer/>');
    });
    const t = transport(`http://127.0.0.1:${server.port}/webservices/`);

    const body = '<s:Envelope>grüße</s:Envelope>';
    expect(await t.post('OXUserService', 'getData', body)).toEqual({ status: 200, text: '<answer/>' });
    const [first] = server.seen;
    expect(first?.method).toBe('POST');
    expect(first?.url).toBe('/webservices/OXUserService');
    expect(first?.body).toBe(body);
    expect(first?.headers['soapaction']).toBe('"urn:getData"');
    expect(first?.headers['content-type']).toBe('text/xml; charset=UTF-8');
    expect(first?.headers['content-length']).toBe(String(Buffer.byteLength(body)));
    expect(first?.headers['authorization']).toBeUndefined();

    expect(await t.post('OXContextService', 'list', 'fail')).toEqual({ status: 500, text: '<answer/>' });
    expect((await t.post('OXUserService', 'getData', 'big')).text).toBe(`<big>${big}</big>`);
    expect(server.seen[1]?.url).toBe('/webservices/OXContextService');
  });

  it('keeps connections alive and opens no more than maxSockets', async () => {
    const server = await serve((req, res) => setTimeout(() => res.end('<x/>'), 20));
    const t = transport(`http://127.0.0.1:${server.port}/webservices/`, { maxSockets: 2 });

    // Back-to-back calls reuse the one kept-alive connection at once.
    for (let i = 0; i < 6; i++) await t.post('OXUserService', 'getData', `<one n="${i}"/>`);
    expect(server.connections()).toBe(1);

    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => t.post('OXUserService', 'getData', `<many n="${i}"/>`)),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    expect(server.seen).toHaveLength(16);
    expect(server.connections()).toBe(2);
  });

  it('gives up after the timeout with a transient error naming the endpoint; a queued call is timed from its connection', async () => {
    const server = await serve(() => {
      /* never answers */
    });
    const t = transport(`http://127.0.0.1:${server.port}/webservices/`, { timeoutMs: 150, maxSockets: 1 });

    // The second call waits for the only connection (as an object prepared ahead does, decision 0194). Its clock
    // starts when it gets one, so it is still sent once the first call has given up, and then gives up itself.
    const [running, queued] = await Promise.all([
      failure(t.post('OXUserService', 'create', '<a/>')),
      failure(t.post('OXGroupService', 'create', '<b/>')),
    ]);
    expect(running.kind).toBe('transient');
    expect(running.message).toContain(
      `cannot reach OX: no answer within 150 ms (http://127.0.0.1:${server.port}/webservices/OXUserService)`,
    );
    expect(running.service).toBe('OXUserService');
    expect(running.operation).toBe('create');
    expect(queued.kind).toBe('transient');
    expect(queued.message).toMatch(
      /no answer within 150 ms \(http:\/\/127\.0\.0\.1:\d+\/webservices\/OXGroupService\)/,
    );
    expect(server.seen.map((s) => s.body)).toEqual(['<a/>', '<b/>']);
  });

  it('a finished call leaves no timer behind that could break the connection the next call reuses', async () => {
    const server = await serve();
    const t = transport(`http://127.0.0.1:${server.port}/webservices/`, { timeoutMs: 100 });
    await t.post('OXUserService', 'getData', '<first/>');
    await new Promise((resolve) => setTimeout(resolve, 250)); // well past the first call's timeout
    expect((await t.post('OXUserService', 'getData', '<second/>')).status).toBe(200);
    expect(server.connections()).toBe(1);
    expect(server.openSockets()).toBe(1);
  });

  it('reports an unreachable OX as transient, naming the URL but never the password of the base URL', async () => {
    const t = transport('http://admin:s3cr3t-pw@127.0.0.1:1/webservices/');
    const error = await failure(t.post('OXUtilService', 'listAllServer', '<x/>'));
    expect(error.kind).toBe('transient');
    expect(error.message).toMatch(
      /cannot reach OX: .*ECONNREFUSED.* \(http:\/\/127\.0\.0\.1:1\/webservices\/OXUtilService\)$/,
    );
    expect(`${error.message} ${String(error.stack)}`).not.toContain('s3cr3t-pw');
  });

  it('sends user info of the base URL as Basic auth (as node does for a URL), never naming it in errors', async () => {
    const server = await serve();
    const t = transport(`http://admin:p%40ss@127.0.0.1:${server.port}/webservices/`);
    await t.post('OXUserService', 'getData', '<x/>');
    expect(server.seen[0]?.headers['authorization']).toBe(`Basic ${Buffer.from('admin:p@ss').toString('base64')}`);
  });

  it('reports a connection lost in the middle of the answer as transient', async () => {
    const server = await serve((req, res) => {
      res.writeHead(200, { 'Content-Length': '1000' });
      res.write('<partial');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const t = transport(`http://127.0.0.1:${server.port}/webservices/`);
    const error = await failure(t.post('OXUserService', 'getData', '<x/>'));
    expect(error.kind).toBe('transient');
    expect(error.message).toMatch(
      /connection lost while reading the answer: .* \(http:\/\/127\.0\.0\.1:\d+\/webservices\/OXUserService\)$/,
    );
  });

  it('close() drops the connections, and the transport opens a new one when used again', async () => {
    const server = await serve();
    const t = transport(`http://127.0.0.1:${server.port}/webservices/`);
    await t.post('OXUserService', 'getData', '<x/>');
    expect(server.openSockets()).toBe(1);
    t.close();
    await expect.poll(() => server.openSockets()).toBe(0);

    expect((await t.post('OXUserService', 'getData', '<again/>')).status).toBe(200);
    expect(server.connections()).toBe(2);
  });

  describe('over HTTPS', () => {
    /** A throwaway CA and a certificate for localhost signed by it (openssl, as an administrator would). */
    function makeCertificates() {
      const dir = mkdtempSync(join(tmpdir(), 'ox-transport-tls-'));
      dirs.push(dir);
      const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
      run(
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        'ca.key',
        '-out',
        'ca.pem',
        '-days',
        '2',
        '-subj',
        '/CN=Test OX CA',
      );
      run(
        'req',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        'server.key',
        '-out',
        'server.csr',
        '-subj',
        '/CN=localhost',
      );
      writeFileSync(join(dir, 'ext.cnf'), 'subjectAltName=DNS:localhost\n');
      run(
        'x509',
        '-req',
        '-in',
        'server.csr',
        '-CA',
        'ca.pem',
        '-CAkey',
        'ca.key',
        '-CAcreateserial',
        '-out',
        'server.pem',
        '-days',
        '2',
        '-extfile',
        'ext.cnf',
      );
      const caDir = join(dir, 'conf', 'ca-certificates');
      mkdirSync(caDir, { recursive: true });
      writeFileSync(join(caDir, 'ox-ca.pem'), readFileSync(join(dir, 'ca.pem')));
      return { caDir, key: readFileSync(join(dir, 'server.key')), cert: readFileSync(join(dir, 'server.pem')) };
    }

    it('names an unreadable CA file when it is made, not as a transient failure of every call', () => {
      const caDir = mkdtempSync(join(tmpdir(), 'ox-transport-badca-'));
      dirs.push(caDir);
      writeFileSync(join(caDir, 'broken.pem'), 'not a certificate\n');
      expect(() => transport('https://localhost:1/webservices/', { caDir })).toThrow(
        /CA file .*broken\.pem contains no PEM certificate; remove it or replace it/,
      );
      // Plain HTTP never reads the CA files.
      expect(() => transport('http://localhost:1/webservices/', { caDir })).not.toThrow();
    });

    it('trusts the CA files of the data directory and refuses a server no trusted CA vouches for', async () => {
      const { caDir, key, cert } = makeCertificates();
      const server = await serve(undefined, (handler) => https.createServer({ key, cert }, handler));
      const base = `https://localhost:${server.port}/webservices/`;

      const trusted = transport(base, { caDir });
      expect(await trusted.post('OXUserService', 'getData', '<x/>')).toEqual({
        status: 200,
        text: '<ok action="urn:getData"/>',
      });

      const untrusted = transport(base);
      const error = await failure(untrusted.post('OXUserService', 'getData', '<x/>'));
      expect(error.kind).toBe('transient');
      expect(error.message).toMatch(
        /^OX OXUserService.getData failed \(transient\): TLS with OX failed: .*(self[- ]signed|issuer|verify).* \(https:\/\/localhost:\d+\/webservices\/OXUserService\); its certificate cannot be verified: put the PEM file of the CA that signed it into <data dir>\/conf\/ca-certificates\//i,
      );
      expect(server.seen).toHaveLength(1);
    });

    it('verifies even with NODE_TLS_REJECT_UNAUTHORIZED=0, and trusts a CA put into the directory meanwhile', async () => {
      const { caDir, key, cert } = makeCertificates();
      const server = await serve(undefined, (handler) => https.createServer({ key, cert }, handler));
      const emptyCaDir = mkdtempSync(join(tmpdir(), 'ox-transport-noca-'));
      dirs.push(emptyCaDir);
      const t = transport(`https://localhost:${server.port}/webservices/`, { caDir: emptyCaDir });
      const before = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
      process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
      try {
        const error = await failure(t.post('OXContextService', 'create', '<password>master-secret</password>'));
        expect(error.message).toContain(`put the PEM file of the CA that signed it into ${emptyCaDir}/`);
        expect(server.seen).toEqual([]); // the request and its password never left
      } finally {
        if (before === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
        else process.env.NODE_TLS_REJECT_UNAUTHORIZED = before;
      }
      // The administrator puts the CA in place; the same client trusts it at its next call, no restart.
      writeFileSync(join(emptyCaDir, 'ox-ca.pem'), readFileSync(join(caDir, 'ox-ca.pem')));
      expect((await t.post('OXUserService', 'getData', '<x/>')).status).toBe(200);
      expect(server.seen).toHaveLength(1);
    });
  });
});
