/**
 * The HTTP leg of the OX client: POSTs a SOAP envelope to one service and hands back status and text.
 *
 * Built on undici's `Pool.dispatch` with a small handler object instead of node:http (decision 0191): per call it
 * costs about 40 % less client CPU, and the connector's main thread is the bottleneck of an initial load. One
 * pool of keep-alive connections per client; idle connections do not keep the process alive.
 */
import type { Dispatcher, Pool } from 'undici';
import { OxError } from './errors.js';
import { loadTrustedCas } from './tls.js';

/**
 * undici is loaded on the first call, not at start: importing it costs ~60 ms of CPU, which every CLI
 * command would pay (`status` is run by monitoring every few minutes) while only those talking to OX need it.
 */
let PoolClass: typeof Pool | undefined;
async function loadPool(): Promise<void> {
  PoolClass ??= (await import('undici')).Pool;
}

export interface SoapAnswer {
  status: number;
  text: string;
}

export interface SoapTransportOptions {
  /** e.g. https://ox.example.org/webservices/ (with the trailing slash services are resolved against). */
  baseUrl: URL;
  /** Whole request, from the call until the last byte of the answer (including waiting for a free connection). */
  timeoutMs: number;
  /** Parallel connections to OX. */
  maxSockets: number;
  /** PEM files trusted for HTTPS in addition to the system store. */
  caDir?: string | undefined;
}

/** What is worked out once per service rather than on every call. */
interface Endpoint {
  path: string;
  /** origin + path: how errors name the endpoint (never user info from the URL). */
  label: string;
}

export class SoapTransport {
  private readonly options: SoapTransportOptions;
  private readonly endpoints = new Map<string, Endpoint>();
  /** `user:password@` of the base URL, sent as Basic auth like node:http did; never part of any message. */
  private readonly authorization: string | undefined;
  /**
   * Read when the transport is made, as node's https.Agent was: an unreadable CA file is a configuration error
   * the caller hears about at once, not a transient failure of every call.
   */
  private readonly trustedCas: string[] | undefined;
  /** Created on first use and again after `close()`, so a closed transport still works (as node's Agent did). */
  private pool: Pool | undefined;

  constructor(options: SoapTransportOptions) {
    this.options = options;
    this.trustedCas = options.baseUrl.protocol === 'https:' ? loadTrustedCas(options.caDir) : undefined;
    const { username, password } = options.baseUrl;
    this.authorization =
      username === ''
        ? undefined
        : `Basic ${Buffer.from(`${decodeURIComponent(username)}:${decodeURIComponent(password)}`).toString('base64')}`;
  }

  /** POSTs `body` with SOAPAction `"urn:<operation>"`; network trouble and timeouts become transient OxErrors. */
  post(service: string, operation: string, body: string): Promise<SoapAnswer> {
    if (PoolClass === undefined) return loadPool().then(() => this.post(service, operation, body));
    const endpoint = this.endpoint(service);
    const headers: string[] = ['Content-Type', 'text/xml; charset=UTF-8', 'SOAPAction', `"urn:${operation}"`];
    if (this.authorization !== undefined) headers.push('Authorization', this.authorization);
    return new Promise((resolve, reject) => {
      const exchange = new Exchange(service, operation, endpoint.label, this.options.timeoutMs, resolve, reject);
      try {
        this.connections().dispatch({ path: endpoint.path, method: 'POST', headers, body }, exchange);
      } catch (error) {
        exchange.onResponseError(undefined, error as Error);
      }
    });
  }

  /** Closes the connections (idle and busy, as node's Agent.destroy did) so the process can exit at once. */
  close(): void {
    const pool = this.pool;
    this.pool = undefined;
    // Requests still running fail with a transient "cannot reach OX"; nothing else is waiting for this promise.
    pool?.destroy().catch(() => undefined);
  }

  /** Only called once `PoolClass` is loaded. */
  private connections(): Pool {
    if (this.pool === undefined) {
      const { baseUrl, maxSockets } = this.options;
      this.pool = new PoolClass!(baseUrl.origin, {
        // undici reuses a connection only one event-loop turn after its answer (against servers that close one
        // despite keep-alive), so a busy client spreads over up to this many connections where node's Agent
        // used about as many as it had requests in flight.
        connections: maxSockets,
        // The one whole-request timer in Exchange bounds every call; undici's own idle timers would only race it.
        headersTimeout: 0,
        bodyTimeout: 0,
        // Verification stays on: the system roots plus the data directory's site CAs.
        ...(this.trustedCas !== undefined ? { connect: { ca: this.trustedCas } } : {}),
      });
    }
    return this.pool;
  }

  private endpoint(service: string): Endpoint {
    let endpoint = this.endpoints.get(service);
    if (endpoint === undefined) {
      const url = new URL(service, this.options.baseUrl);
      endpoint = { path: url.pathname + url.search, label: `${url.origin}${url.pathname}` };
      this.endpoints.set(service, endpoint);
    }
    return endpoint;
  }
}

type Controller = Parameters<NonNullable<Dispatcher.DispatchHandler['onRequestStart']>>[0];

/**
 * One request's state as undici's handler: a class rather than closures, because it is made once per SOAP call
 * and its methods are shared. Settles its promise exactly once.
 */
class Exchange implements Dispatcher.DispatchHandler {
  private controller: Controller | undefined;
  private status = 0;
  private readonly chunks: Buffer[] = [];
  private answered = false;
  private settled = false;
  /** Why the request was given up before undici handed it a connection (it is aborted as soon as it gets one). */
  private abandoned: Error | undefined;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly service: string,
    private readonly operation: string,
    private readonly label: string,
    private readonly timeoutMs: number,
    private readonly resolve: (answer: SoapAnswer) => void,
    private readonly reject: (error: OxError) => void,
  ) {
    this.timer = setTimeout(() => this.giveUp(new Error(`no answer within ${this.timeoutMs} ms`)), timeoutMs);
  }

  onRequestStart(controller: Controller): void {
    this.controller = controller;
    if (this.abandoned !== undefined) controller.abort(this.abandoned);
  }

  onResponseStart(_controller: Controller, statusCode: number): void {
    this.status = statusCode;
    this.answered = true;
  }

  onResponseData(_controller: Controller, chunk: Buffer): void {
    this.chunks.push(chunk);
  }

  onResponseEnd(): void {
    if (this.settle()) return;
    const chunks = this.chunks;
    const text = chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8');
    this.resolve({ status: this.status, text });
  }

  onResponseError(_controller: Controller | undefined, error: Error): void {
    if (this.settle()) return;
    const what = this.answered ? 'connection lost while reading the answer' : 'cannot reach OX';
    this.reject(
      new OxError(
        { kind: 'transient', service: this.service, operation: this.operation, cause: error },
        `${what}: ${error.message} (${this.label})`,
      ),
    );
  }

  private giveUp(reason: Error): void {
    // Waiting for a connection still, the request is dropped when undici gets to it; the caller hears now.
    if (this.controller === undefined) this.abandoned = reason;
    else this.controller.abort(reason);
    this.onResponseError(undefined, reason);
  }

  /** Marks the exchange settled; true if it already was. */
  private settle(): boolean {
    if (this.settled) return true;
    this.settled = true;
    clearTimeout(this.timer);
    return false;
  }
}
