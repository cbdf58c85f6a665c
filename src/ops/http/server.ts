// The connector's HTTP endpoints on node:http (decision 0291): /healthz (liveness), /readyz (store usable and
// OX answering or not needed), /metrics (Prometheus) and / (the status page). With a password, / and /metrics
// need HTTP Basic (any user name); the probes stay open, they show nothing of the directory.
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../log.js';
import type { ConnectorMetrics } from './metrics.js';
import { renderStatusPage } from './status-page.js';
import type { WatchedStore } from './watched-store.js';

export interface HttpEndpointOptions {
  host: string;
  port: number;
  password?: string;
  metrics: ConnectorMetrics;
  watched: WatchedStore;
  log: Logger;
}

export interface RunningHttpEndpoints {
  /** The port listened on (the one asked for, or the kernel's choice for 0). */
  port: number;
  close(): Promise<void>;
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Compares the Basic password in constant time (digests, so the lengths match); the user name is not checked. */
function authorised(req: IncomingMessage, password: string | undefined): boolean {
  if (password === undefined) return true;
  const m = /^Basic +([A-Za-z0-9+/=]+) *$/i.exec(req.headers.authorization ?? '');
  if (!m) return false;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon >= 0 && timingSafeEqual(digest(decoded.slice(colon + 1)), digest(password));
}

function send(res: ServerResponse, status: number, type: string, body: string, head = false): void {
  res.writeHead(status, {
    'Content-Type': type,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    // The page needs nothing but its own inline style.
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
    'Referrer-Policy': 'no-referrer',
  });
  res.end(head ? undefined : body);
}

const TEXT = 'text/plain; charset=utf-8';

/** Store usable and OX answering (or not needed): the reasons it is not, one per line; none when ready. */
export function notReadyReasons(o: Pick<HttpEndpointOptions, 'metrics' | 'watched'>): string[] {
  const reasons: string[] = [];
  try {
    o.watched.store.health();
  } catch (err) {
    reasons.push(`the state store cannot be read: ${(err as Error).message}`);
  }
  if (!o.metrics.ox.ready())
    reasons.push('OX did not answer within the last minute while the connector needed it (see the log)');
  return reasons;
}

async function handle(o: HttpEndpointOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const head = req.method === 'HEAD';
  if (req.method !== 'GET' && !head) {
    res.setHeader('Allow', 'GET, HEAD');
    return send(res, 405, TEXT, 'only GET and HEAD\n', head);
  }
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  if (path === '/healthz') return send(res, 200, TEXT, 'ok\n', head);
  if (path === '/readyz') {
    const reasons = notReadyReasons(o);
    return reasons.length === 0
      ? send(res, 200, TEXT, 'ready\n', head)
      : send(res, 503, TEXT, `not ready: ${reasons.join('\n')}\n`, head);
  }
  if (path !== '/' && path !== '/metrics')
    return send(res, 404, TEXT, 'not found: try /, /metrics, /healthz, /readyz\n', head);
  if (!authorised(req, o.password)) {
    res.setHeader('WWW-Authenticate', 'Basic realm="ox-connector", charset="UTF-8"');
    return send(res, 401, TEXT, 'the password of OX_CONNECTOR_HTTP_PASSWORD_FILE is needed (HTTP Basic)\n', head);
  }
  if (path === '/metrics') {
    const { contentType, body } = await o.metrics.text();
    return send(res, 200, contentType, body, head);
  }
  return send(res, 200, 'text/html; charset=utf-8', renderStatusPage(o.watched, o.metrics), head);
}

/** Listens, or rejects with a message naming the address and what to do. */
export function startHttpEndpoints(o: HttpEndpointOptions): Promise<RunningHttpEndpoints> {
  const server: Server = createServer((req, res) => {
    handle(o, req, res).catch((err: unknown) => {
      o.log.error(`HTTP ${req.method ?? ''} ${req.url ?? ''} failed`, { error: (err as Error).message });
      if (!res.headersSent) send(res, 500, TEXT, 'internal error (see the connector log)\n');
      else res.destroy();
    });
  });
  // A scraper's idle keep-alive connection must not hold up the connector's shutdown.
  server.keepAliveTimeout = 5000;
  return new Promise((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        new Error(
          `cannot listen on ${o.host}:${o.port} for the HTTP endpoints (${err.code ?? err.message}): choose a free address in OX_CONNECTOR_HTTP_LISTEN`,
        ),
      ),
    );
    server.listen(o.port, o.host, () => {
      const port = (server.address() as AddressInfo).port;
      // The password itself never reaches the log; only whether one is asked for.
      const guard = o.password === undefined ? 'no password (loopback only)' : 'HTTP Basic';
      o.log.info(`HTTP endpoints on ${o.host}:${port}: / (status page), /metrics, /healthz, /readyz; ${guard}`);
      resolve({
        port,
        close: () =>
          new Promise((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
