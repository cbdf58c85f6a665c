/**
 * The HTTP leg of the OX client: POSTs a SOAP envelope to one service and hands back status and text.
 *
 * node:http with a keep-alive agent, trimmed to what a SOAP call needs (decision 0191): request options and
 * headers are worked out once per service and passed as a raw header list, so node neither parses the URL nor
 * validates and stores a header map on every call, and one whole-request timer replaces node's per-request
 * socket idle timer. Why not undici: decision 0191.
 */
import http from 'node:http';
import https from 'node:https';
import { StringDecoder } from 'node:string_decoder';
import { urlToHttpOptions } from 'node:url';
import { OxError } from './errors.js';
import { certificateFailureAdvice, loadTrustedCas, VERIFY_CERTIFICATES } from './tls.js';

export interface SoapAnswer {
  status: number;
  text: string;
}

/**
 * Takes an answer's text as it arrives, instead of it being held whole until the end (codec/list-projection.ts);
 * `end()` when the last of it has come.
 */
export interface AnswerReader {
  push(text: string): void;
  end(): void;
}

export interface SoapTransportOptions {
  /** e.g. https://ox.example.org/webservices/ (with the trailing slash services are resolved against). */
  baseUrl: URL;
  /**
   * Whole request, from the moment it has a connection until the last byte of the answer. A request waiting for
   * a free connection waits for calls that each have this limit.
   */
  timeoutMs: number;
  /** Parallel connections to OX: calls beyond them wait in the agent's queue and go out as one is freed. */
  maxSockets: number;
  /** PEM files trusted for HTTPS in addition to the system store. */
  caDir?: string | undefined;
}

/** What is worked out once per service rather than on every call. */
interface Endpoint {
  /** Everything of the request options except the headers. */
  options: http.RequestOptions;
  /** The headers every call to this service sends before its SOAPAction and length. */
  headers: readonly string[];
  /** origin + path: how errors name the endpoint (never user info from the URL). */
  label: string;
}

export class SoapTransport {
  private readonly options: SoapTransportOptions;
  private readonly endpoints = new Map<string, Endpoint>();
  private agent: http.Agent;
  private readonly request: typeof http.request;
  /** OX's certificate failed the check: read the CA directory again before the next call (decision 0226). */
  private rereadCas = false;

  constructor(options: SoapTransportOptions) {
    this.options = options;
    const { baseUrl, maxSockets, caDir } = options;
    // CA files are read here, so a broken one is a configuration error the caller hears about at once.
    this.agent =
      baseUrl.protocol === 'https:'
        ? this.httpsAgent(loadTrustedCas(caDir))
        : new http.Agent({ keepAlive: true, maxSockets });
    this.request = baseUrl.protocol === 'https:' ? https.request : http.request;
  }

  private httpsAgent(ca: string[]): https.Agent {
    return new https.Agent({ keepAlive: true, maxSockets: this.options.maxSockets, ca, ...VERIFY_CERTIFICATES });
  }

  /**
   * After a failed certificate check, the next call reads the CA directory again, so a CA the administrator has
   * just put there is trusted without a restart. A CA file that cannot be read now keeps the trust as it was.
   */
  private renewTrust(): void {
    this.rereadCas = false;
    let ca: string[];
    try {
      ca = loadTrustedCas(this.options.caDir);
    } catch {
      return; // The next failure names the certificate problem again; the broken file is named at the next start.
    }
    // Every connection to this OX failed the same check, so nothing of worth is cut off here.
    this.agent.destroy();
    this.agent = this.httpsAgent(ca);
    this.endpoints.clear();
  }

  /**
   * POSTs `body` with SOAPAction `"urn:<operation>"`; network trouble and timeouts become transient OxErrors.
   * With a `reader`, the answer's text goes to it chunk by chunk and `text` is empty.
   */
  post(service: string, operation: string, body: string, reader?: AnswerReader): Promise<SoapAnswer> {
    if (this.rereadCas) this.renewTrust();
    const { options, headers, label } = this.endpoint(service);
    const timeoutMs = this.options.timeoutMs;
    return new Promise((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      let settled = false;
      const fail = (what: string, cause: Error, advice?: string) => {
        settled = true;
        clearTimeout(timer);
        const message = `${what}: ${cause.message} (${label})${advice === undefined ? '' : `; ${advice}`}`;
        reject(new OxError({ kind: 'transient', service, operation, cause }, message));
      };
      const req = this.request(
        {
          ...options,
          // A raw list: node sends it as is (no Host or Authorization of its own; both are in `headers`).
          headers: [...headers, 'SOAPAction', `"urn:${operation}"`, 'Content-Length', String(Buffer.byteLength(body))],
        },
        (res) => {
          const chunks: Buffer[] = [];
          // A multi-byte character cut between two chunks is completed by the decoder, not mangled.
          const decoder = reader && new StringDecoder('utf8');
          res.on('data', (chunk: Buffer) => (reader ? reader.push(decoder!.write(chunk)) : chunks.push(chunk)));
          res.on('end', () => {
            settled = true;
            clearTimeout(timer);
            let text = '';
            if (reader) {
              reader.push(decoder!.end());
              reader.end();
            } else text = chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8');
            resolve({ status: res.statusCode ?? 0, text });
          });
          res.on('error', (error) => fail('connection lost while reading the answer', error));
        },
      );
      // One timer bounds the exchange from the moment it has a connection (a request prepared ahead may wait in
      // the agent's queue for one: decision 0194); it needs no socket idle timer.
      req.once('socket', () => {
        if (settled) return;
        timer = setTimeout(() => req.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      });
      req.on('error', (error: NodeJS.ErrnoException) => {
        // Refused before a byte of the request (and its credentials) left: name the CA directory to fix it.
        const advice = certificateFailureAdvice(error, this.options.caDir);
        if (advice !== undefined) this.rereadCas = true;
        fail(advice === undefined ? 'cannot reach OX' : 'TLS with OX failed', error, advice);
      });
      req.end(body);
    });
  }

  /** Closes the connections (busy ones too) so the process can exit at once; later calls open new ones. */
  close(): void {
    this.agent.destroy();
  }

  private endpoint(service: string): Endpoint {
    let endpoint = this.endpoints.get(service);
    if (endpoint === undefined) {
      const url = new URL(service, this.options.baseUrl);
      const { auth, ...target } = urlToHttpOptions(url);
      const headers = ['Host', url.host, 'Content-Type', 'text/xml; charset=UTF-8'];
      // User info in the base URL is sent as Basic auth, as node does for a URL; it never reaches a message.
      if (typeof auth === 'string' && auth !== '') {
        headers.push('Authorization', `Basic ${Buffer.from(auth).toString('base64')}`);
      }
      endpoint = {
        // Verification stated per request too, so no default of node's (NODE_TLS_REJECT_UNAUTHORIZED) applies.
        options: {
          ...target,
          method: 'POST',
          agent: this.agent,
          ...(url.protocol === 'https:' ? VERIFY_CERTIFICATES : {}),
        },
        headers,
        label: `${url.origin}${url.pathname}`,
      };
      this.endpoints.set(service, endpoint);
    }
    return endpoint;
  }
}
