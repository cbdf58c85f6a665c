/**
 * The typed OX SOAP client: one keep-alive connection pool per client, a timeout per request, master vs.
 * context-admin credentials filled in by operation, faults turned into classified OxErrors.
 */
import type { OperationName, ServiceName } from './schema/index.js';
import { encodeRequest, decodeResponse, operationMeta, type OperationMeta } from './codec/index.js';
import { OxError, type OxErrorKind } from './errors.js';
import { classifyFault } from './classify.js';
import type { SoapCallObserver } from './observer.js';
import { ListProjection } from './codec/list-projection.js';
import { SoapTransport, type SoapAnswer } from './transport.js';
import type { Credentials, OxArgs, OxPartialResult, OxResult, OxResultMember } from './types.js';

export interface CredentialsProvider {
  /** The master admin (oxadminmaster): OXContextService, OXUserCopyService, OXUtilService. */
  master(): Credentials;
  /** The admin of one context: OXUserService, OXGroupService, OXResourceService, OXSecondaryAccountService. */
  contextAdmin(contextId: number): Credentials | Promise<Credentials>;
}

export interface OxClientOptions {
  /** e.g. https://ox.example.org/webservices (a trailing slash is fine). */
  baseUrl: string;
  /** Per-request timeout (whole request, including the answer). Default 60 s. */
  timeoutMs?: number;
  /** `<data dir>/conf/ca-certificates`: PEM files trusted in addition to the system store. */
  caDir?: string;
  credentials?: CredentialsProvider;
  /** Parallel connections to OX. Default 16. */
  maxSockets?: number;
  /** Told about every request sent (duration, fault kind): the connector's metrics. */
  observer?: SoapCallObserver;
}

export interface CallOptions<K extends string> {
  /** The members of the `return` object the caller reads; the others are not decoded. */
  only: readonly K[];
}

/** Arguments of an operation; `auth` may be left out when the client has a credentials provider. */
export type CallArgs<S extends ServiceName, O extends OperationName<S>> = OxArgs<S, O>;

export class OxClient {
  /** Calls made per `Service.operation` (including failed ones); `run --once --stats` prints these. */
  readonly callCounts = new Map<string, number>();
  private readonly baseUrl: URL;
  private readonly transport: SoapTransport;
  private readonly credentials: CredentialsProvider | undefined;
  private readonly observer: SoapCallObserver | undefined;

  constructor(options: OxClientOptions) {
    const base = options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`;
    this.baseUrl = new URL(base);
    if (this.baseUrl.protocol !== 'http:' && this.baseUrl.protocol !== 'https:') {
      throw new Error(`OX base URL ${options.baseUrl} must start with http:// or https://`);
    }
    this.credentials = options.credentials;
    this.observer = options.observer;
    this.transport = new SoapTransport({
      baseUrl: this.baseUrl,
      timeoutMs: options.timeoutMs ?? 60_000,
      maxSockets: options.maxSockets ?? 16,
      caDir: options.caDir,
    });
  }

  /** Calls `service.operation`; resolves to the decoded `return` (undefined for operations without one). */
  call<S extends ServiceName, O extends OperationName<S>>(
    service: S,
    operation: O,
    args: CallArgs<S, O>,
  ): Promise<OxResult<S, O>>;
  /**
   * The same, decoding only the named members of the `return` object: a caller that reads the id of what it
   * created does not pay for parsing the whole object OX answers with (decision 0115). A list answer is cut down
   * to those members of each item as it arrives, so it is never held whole (decision 0310).
   */
  call<S extends ServiceName, O extends OperationName<S>, K extends OxResultMember<S, O>>(
    service: S,
    operation: O,
    args: CallArgs<S, O>,
    options: CallOptions<K>,
  ): Promise<OxPartialResult<S, O, K>>;
  async call<S extends ServiceName, O extends OperationName<S>>(
    service: S,
    operation: O,
    args: CallArgs<S, O>,
    options?: CallOptions<string>,
  ): Promise<unknown> {
    const op = operationMeta(service, operation);
    if (op === undefined) throw new TypeError(`OX ${service} has no operation "${operation}"`);
    const key = `${service}.${operation}`;
    this.callCounts.set(key, (this.callCounts.get(key) ?? 0) + 1);

    const fullArgs = await this.withAuth(op, args as Record<string, unknown>);
    const password = (fullArgs.auth as Credentials | undefined)?.password ?? undefined;
    let body: string;
    try {
      body = encodeRequest(service, operation, fullArgs);
    } catch (error) {
      throw new OxError({ kind: 'invalidData', service, operation, cause: error }, (error as Error).message);
    }
    // A list read with `only` is cut down while it streams in, never held whole (decision 0310).
    const reader = options !== undefined && op.response?.many ? new ListProjection(options.only) : undefined;
    const answered = async () => {
      const answer = await this.transport.post(service, operation, body, reader);
      if (reader === undefined) return this.interpret(op, answer, password, options?.only);
      // The list's items come as documents of a few hundred each; decoded one by one, so is the parser's tree.
      const items: unknown[] = [];
      for (const text of reader.documents()) {
        for (const item of this.interpret(op, { ...answer, text }, password, options?.only) as unknown[])
          items.push(item);
      }
      return items;
    };
    if (this.observer === undefined) return answered();
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    let value: unknown;
    try {
      value = await answered();
    } catch (error) {
      const e = error instanceof OxError ? error : undefined;
      // A transient error without a faultstring is no answer, or a proxy's: OX itself did not answer.
      const answered = e !== undefined && !(e.kind === 'transient' && e.faultString === undefined);
      this.observer.callEnded({ service, operation, seconds: seconds(), fault: e?.kind ?? 'other', answered });
      throw error;
    }
    this.observer.callEnded({ service, operation, seconds: seconds(), answered: true });
    return value;
  }

  /** Closes the keep-alive connections (the client opens new ones if it is used again). */
  close(): void {
    this.transport.close();
  }

  private async withAuth(op: OperationMeta, args: Record<string, unknown>): Promise<Record<string, unknown>> {
    if (args.auth !== undefined || this.credentials === undefined) return args;
    if (op.credentials === 'master') return { ...args, auth: this.credentials.master() };
    const ctx = (args.ctx ?? args.context) as { id?: number | null } | undefined;
    const contextId = ctx?.id;
    if (typeof contextId !== 'number') {
      throw new OxError(
        { kind: 'invalidData', service: op.service, operation: op.name },
        'no context id in the arguments, so no context-admin credentials can be chosen; pass ctx.id or auth',
      );
    }
    return { ...args, auth: await this.credentials.contextAdmin(contextId) };
  }

  private interpret(
    op: OperationMeta,
    answer: SoapAnswer,
    password: string | undefined,
    only: readonly string[] | undefined,
  ): unknown {
    const { service, name: operation } = op;
    const looksLikeXml = /^\s*</.test(answer.text);
    let decoded;
    try {
      decoded = looksLikeXml ? decodeResponse(service, operation, answer.text, only) : undefined;
    } catch (error) {
      const kind: OxErrorKind = answer.status >= 500 ? 'transient' : 'other';
      throw new OxError(
        { kind, service, operation, httpStatus: answer.status, cause: error },
        `unreadable answer (HTTP ${answer.status}): ${(error as Error).message}`,
      );
    }
    if (decoded !== undefined && !decoded.ok) {
      const { faultCode, exceptionName } = decoded.fault;
      const faultString = redact(decoded.fault.faultString, password);
      throw new OxError({
        kind: classifyFault(exceptionName, faultString, faultCode),
        service,
        operation,
        faultString,
        exceptionName,
        faultCode,
        httpStatus: answer.status,
      });
    }
    if (answer.status >= 500 || answer.status === 429) {
      throw new OxError(
        { kind: 'transient', service, operation, httpStatus: answer.status },
        `HTTP ${answer.status} without SOAP fault`,
      );
    }
    if (answer.status !== 200 || decoded === undefined) {
      throw new OxError(
        { kind: 'other', service, operation, httpStatus: answer.status },
        `unexpected HTTP ${answer.status} answer`,
      );
    }
    return decoded.value;
  }
}

/** A password must never reach a log; should OX ever echo it in a fault, it is masked. */
function redact(text: string, password: string | undefined): string {
  return password !== undefined && password.length >= 3 && text.includes(password)
    ? text.split(password).join('***')
    : text;
}
