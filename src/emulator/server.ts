/**
 * The emulator's HTTP/SOAP wire layer (node:http): POST /webservices/<Service> decodes strictly with the
 * shared codec, calls the model, encodes the answer; GET /webservices/<Service>?wsdl serves the generated
 * WSDL. Latency and fault injection live here, so the model stays pure OX semantics.
 */
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { allServices, decodeRequest, encodeResponse, serviceMeta } from '../ox/codec/index.js';
import { OxDecodeError } from '../ox/errors.js';
import { generateWsdl } from './wsdl.js';
import { clientFault, isModelFault, serverFault } from './soap-fault.js';
import { faultInjector } from './fault-injection.js';

/** What the wire layer needs from the OX model (src/emulator/model). */
export interface EmulatorModel {
  handle(service: string, operation: string, args: Record<string, unknown>): unknown;
}

export interface EmulatorServerOptions {
  model: EmulatorModel;
  /** Response time of every SOAP call, the emulator's own work included (benchmarks; decision 0193). */
  latencyMs?: number;
  /** Share (0..1) of SOAP calls that fail with a transient error (resilience tests). */
  faultRate?: number;
  /** Seed of the pseudo-random choice of failing calls (same seed, same failures). Default 1. */
  faultSeed?: number;
  /**
   * Resolves once every change the model has accepted so far is durable (the --state journal), or rejects when it
   * cannot be; undefined when nothing is pending. An answer from the model waits for it, so the emulator never
   * confirms a change, nor shows one to a reader, that a kill -9 could still take back (decision 0230).
   */
  settled?: () => Promise<void> | undefined;
  /** Where unexpected internal errors are reported. Default: stderr. */
  log?: (line: string) => void;
  /** Services this OX does not offer (404, as an OX without them), e.g. OXDeputyPermissionsService before OX 8. */
  disabledServices?: string[];
  /** Largest accepted request body. */
  maxBodyBytes?: number;
}

const XML = 'text/xml;charset=UTF-8';

/** A computed answer, held until the emulated response time has passed (and its changes are durable). */
interface Answer {
  status: number;
  contentType: string;
  body: string;
  /** The answer came from the model: it leaves once what the model accepted so far is on disk. */
  fromModel?: boolean;
}

const xmlAnswer = (status: number, body: string): Answer => ({ status, contentType: XML, body });
const SERVICE_PATH = /^\/webservices\/([A-Za-z]+)\/?$/;

function send(res: http.ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

function noSuchService(res: http.ServerResponse, path: string): void {
  send(res, 404, 'text/plain', `No such service: ${path}. Services live at /webservices/<Service>.\n`);
}

function readBody(req: http.IncomingMessage, limit: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        resolve(undefined);
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    // A request usually arrives in one chunk: decode it as it is instead of copying it into a new Buffer first.
    req.on('end', () => resolve((chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)).toString('utf8')));
    req.on('error', reject);
  });
}

function firstHeader(req: http.IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  const first = typeof value === 'string' ? value.split(',')[0].trim() : undefined;
  return first === '' ? undefined : first;
}

/**
 * The scheme/host/port the client used, for the WSDL's soap:address. Behind a proxy, X-Forwarded-Proto sets the
 * scheme and X-Forwarded-Port (when sent) the port, as OX's WSDL does (docs/reference/ox-soap-contract.md);
 * otherwise the Host header's port stays, since that is where the client reached us.
 */
function publicBase(req: http.IncomingMessage): string {
  const scheme = firstHeader(req, 'x-forwarded-proto') ?? 'http';
  const local = req.socket.localAddress ?? '127.0.0.1';
  let host = req.headers.host ?? `${local.includes(':') ? `[${local}]` : local}:${req.socket.localPort}`;
  const forwardedPort = firstHeader(req, 'x-forwarded-port');
  if (forwardedPort !== undefined && /^\d{1,5}$/.test(forwardedPort))
    host = `${host.replace(/:\d+$/, '')}:${forwardedPort}`;
  return `${scheme}://${host}`;
}

export function createEmulatorServer(options: EmulatorServerOptions): http.Server {
  const { model } = options;
  const latencyMs = options.latencyMs ?? 0;
  const faults = faultInjector(options.faultRate ?? 0, options.faultSeed);
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const maxBody = options.maxBodyBytes ?? 16 * 1024 * 1024;
  const wsdlCache = new Map<string, string>();

  /**
   * `--latency-ms` is the OX's response time: the answer leaves `latencyMs` after the request arrived, and the
   * emulator's own work (decode, model, encode) happens inside that time instead of being added to it, as in an
   * OX whose calls take that long. Only an answer that takes longer than the latency to compute comes late
   * (decision 0193).
   */
  async function handleSoap(serviceName: string, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const xml = await readBody(req, maxBody);
    if (xml === undefined) return send(res, 413, 'text/plain', `Request larger than ${maxBody} bytes\n`);
    // The timer starts before the work, so the work runs inside the latency instead of after it. Its precision
    // is Node's: whole milliseconds, counted from the start of the event-loop turn the request arrived in.
    const held = latencyMs > 0 ? sleep(latencyMs) : undefined;
    let answer = answerSoap(serviceName, xml);
    const durable = answer.fromModel ? options.settled?.() : undefined;
    await held;
    if (durable !== undefined)
      answer = await durable.then(
        () => answer,
        (error: Error) => unsaved(serviceName, error),
      );
    send(res, answer.status, answer.contentType, answer.body);
  }

  /** The model accepted the call but its journal could not be written: OX answers a failed commit alike. */
  function unsaved(serviceName: string, error: Error): Answer {
    log(`ox emulator: ${error.message}`);
    return xmlAnswer(
      500,
      serverFault(serviceMeta(serviceName)!.ns, 'StorageException', `Emulator state not saved (${error.message})`),
    );
  }

  function answerSoap(serviceName: string, xml: string): Answer {
    const service = serviceMeta(serviceName)!;
    const fault = (exceptionName: string, message: string): Answer =>
      xmlAnswer(500, serverFault(service.ns, exceptionName, message));

    let decoded;
    try {
      decoded = decodeRequest(serviceName, xml);
    } catch (error) {
      if (error instanceof OxDecodeError) return xmlAnswer(500, clientFault(service.ns, error.message));
      throw error;
    }
    const { operation, args } = decoded;

    const injected = faults.next();
    if (injected !== undefined) {
      // A connector must retry both kinds (docs/decisions/0006, 0111); nothing in the model is touched.
      if (injected === 'http503')
        return {
          status: 503,
          contentType: 'text/plain',
          body: 'Service temporarily unavailable (emulator --fault-rate)\n',
        };
      return fault('StorageException', 'Emulated database failure (emulator --fault-rate): connection reset');
    }

    const answer = modelAnswer(serviceName, operation.name, args, fault);
    answer.fromModel = true;
    return answer;
  }

  function modelAnswer(
    serviceName: string,
    operationName: string,
    args: Record<string, unknown>,
    fault: (exceptionName: string, message: string) => Answer,
  ): Answer {
    let result: unknown;
    try {
      result = model.handle(serviceName, operationName, args);
    } catch (error) {
      if (isModelFault(error)) return fault(error.exceptionName, error.message);
      log(`ox emulator: internal error in ${serviceName}.${operationName}: ${(error as Error).stack ?? String(error)}`);
      return fault(
        'StorageException',
        `Internal emulator error in ${serviceName}.${operationName}: ${(error as Error).message}`,
      );
    }
    try {
      return xmlAnswer(200, encodeResponse(serviceName, operationName, result));
    } catch (error) {
      log(`ox emulator: cannot encode the answer of ${serviceName}.${operationName}: ${(error as Error).message}`);
      return fault(
        'StorageException',
        `Internal emulator error encoding ${serviceName}.${operationName}: ${(error as Error).message}`,
      );
    }
  }

  const disabled = new Set(options.disabledServices);

  const server = http.createServer((req, res) => {
    // A SOAP call's target is a plain `/webservices/<Service>`, which URL parsing would return unchanged: take it
    // as it is, and parse only anything else (queries, escapes, dot segments).
    const plain = req.method === 'POST' ? SERVICE_PATH.exec(req.url ?? '') : null;
    const url = plain === null ? new URL(req.url ?? '/', 'http://emulator') : undefined;
    const serviceName = (plain ?? SERVICE_PATH.exec(url?.pathname ?? ''))?.[1];
    const known = serviceName !== undefined && serviceMeta(serviceName) !== undefined && !disabled.has(serviceName);
    if (url === undefined) {
      if (!known) return noSuchService(res, req.url ?? '');
      return handleSoapCall(serviceName, req, res);
    }

    if (req.method === 'GET' && (url.pathname === '/webservices' || url.pathname === '/webservices/')) {
      return send(
        res,
        200,
        'text/plain;charset=UTF-8',
        'OX App Suite SOAP emulator. Services:\n' + listServices(publicBase(req)),
      );
    }
    if (!known) return noSuchService(res, url.pathname);
    if (req.method === 'GET' && [...url.searchParams.keys()].some((k) => k.toLowerCase() === 'wsdl')) {
      const address = `${publicBase(req)}/webservices/${serviceName}`;
      let wsdl = wsdlCache.get(address);
      if (wsdl === undefined) {
        // The address comes from request headers: keep the cache small whatever clients send.
        if (wsdlCache.size >= 64) wsdlCache.clear();
        wsdlCache.set(address, (wsdl = generateWsdl(serviceName, address)));
      }
      return send(res, 200, XML, wsdl);
    }
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'GET, POST');
      return send(res, 405, 'text/plain', 'POST a SOAP 1.1 envelope, or GET ?wsdl\n');
    }
    handleSoapCall(serviceName, req, res);
  });

  function handleSoapCall(serviceName: string, req: http.IncomingMessage, res: http.ServerResponse): void {
    handleSoap(serviceName, req, res).catch((error: unknown) => {
      log(`ox emulator: unexpected failure on ${serviceName}: ${(error as Error).stack ?? String(error)}`);
      if (!res.headersSent) send(res, 500, 'text/plain', 'Internal emulator error\n');
      else res.destroy();
    });
  }
  server.keepAliveTimeout = 30_000;
  return server;
}

/** One WSDL address per service of the schema, so a new service is listed without an edit here. */
function listServices(base: string): string {
  return [...allServices()].map((s) => `  ${base}/webservices/${s.name}?wsdl\n`).join('');
}
