/**
 * A small HTTP proxy between the connector and the emulator that records every SOAP request and the
 * first answer per operation (bench/lib/soap-recording.ts). Used in a separate, unmeasured recording
 * run: the proxy hop costs CPU and time, so the measured connector run talks to the emulator directly.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { operationOf, type RecordedCall, type SoapRecording } from './soap-recording.js';

/** Headers the replay sets itself (target host, connection handling, length of the body it sends). */
const HOP_HEADERS = new Set(['host', 'connection', 'content-length', 'keep-alive', 'transfer-encoding']);

export interface RecordingProxy {
  /** What OX_SOAP_SERVER must be set to so the connector goes through the proxy. */
  soapServer: string;
  recording: SoapRecording;
  /** Forgets what was recorded so far (e.g. the start-up run's calls). */
  reset(): void;
  stop(): Promise<void>;
}

function readAll(stream: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

function endToEndHeaders(raw: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    if (!HOP_HEADERS.has(raw[i].toLowerCase())) out.push(raw[i], raw[i + 1]);
  }
  return out;
}

/** Starts the proxy on a free local port, forwarding to `target` (e.g. `http://127.0.0.1:4001`). */
export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const targetUrl = new URL(target);
  const agent = new http.Agent({ keepAlive: true });
  const recording: SoapRecording = { calls: [], firstAnswers: new Map() };

  async function forward(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const call: RecordedCall = {
      operation: operationOf(req.url ?? '/', req.headers.soapaction as string | undefined),
      path: req.url ?? '/',
      headers: endToEndHeaders(req.rawHeaders),
      body: Buffer.alloc(0),
    };
    call.body = await readAll(req);
    const calls = recording.calls; // a reset during the call must not put it into the new recording
    calls.push(call);
    const upstream = await new Promise<http.IncomingMessage>((resolve, reject) => {
      const out = http.request(
        {
          host: targetUrl.hostname,
          port: targetUrl.port,
          method: req.method,
          path: call.path,
          agent,
          headers: [...call.headers, 'Host', targetUrl.host, 'Content-Length', String(call.body.length)],
        },
        resolve,
      );
      out.on('error', reject);
      out.end(call.body);
    });
    const body = await readAll(upstream);
    const contentType = upstream.headers['content-type'] ?? 'text/xml; charset=UTF-8';
    if (calls === recording.calls && !recording.firstAnswers.has(call.operation)) {
      recording.firstAnswers.set(call.operation, {
        status: upstream.statusCode ?? 0,
        contentType,
        body: body.toString('utf8'),
      });
    }
    res.writeHead(upstream.statusCode ?? 502, { 'Content-Type': contentType, 'Content-Length': body.length });
    res.end(body);
  }

  const server = http.createServer((req, res) => {
    forward(req, res).catch((error: unknown) => {
      // Never the request itself: it carries credentials.
      if (!res.headersSent) res.writeHead(502, { 'Content-Type': 'text/plain' });
      res.end(`recording proxy: the emulator did not answer (${(error as Error).message})\n`);
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    soapServer: `http://127.0.0.1:${port}`,
    recording,
    reset() {
      recording.calls = [];
      recording.firstAnswers.clear();
    },
    stop: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
