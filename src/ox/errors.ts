/**
 * Typed errors of the OX SOAP layer. OxError is what every failed `OxClient.call` rejects with; its `kind`
 * tells callers what to do (docs/decisions/0004):
 * - notFound / alreadyExists: the object is (not) there — repeat-safe provisioning branches on these;
 * - invalidData: OX refuses the data — permanent until the data changes;
 * - invalidCredentials: wrong master or context-admin password;
 * - transient: network error, timeout, HTTP 5xx without SOAP fault, OX storage/database errors — retry later;
 * - other: anything else (e.g. a SOAP client fault for a request OX does not understand).
 */
export type OxErrorKind = 'notFound' | 'alreadyExists' | 'invalidData' | 'invalidCredentials' | 'transient' | 'other';

export interface OxErrorDetails {
  kind: OxErrorKind;
  service: string;
  operation: string;
  /** The SOAP faultstring exactly as OX sent it (absent for network errors). */
  faultString?: string;
  /** Local name of the fault detail element, e.g. 'NoSuchUserException'. */
  exceptionName?: string;
  /** 'soap:Server' / 'soap:Client' as sent. */
  faultCode?: string;
  httpStatus?: number;
  cause?: unknown;
}

export class OxError extends Error {
  readonly kind: OxErrorKind;
  readonly service: string;
  readonly operation: string;
  readonly faultString: string | undefined;
  readonly exceptionName: string | undefined;
  readonly faultCode: string | undefined;
  readonly httpStatus: number | undefined;

  constructor(details: OxErrorDetails, what?: string) {
    const said = details.faultString ?? what ?? 'failed';
    super(`OX ${details.service}.${details.operation} failed (${details.kind}): ${said}`, { cause: details.cause });
    this.name = 'OxError';
    this.kind = details.kind;
    this.service = details.service;
    this.operation = details.operation;
    this.faultString = details.faultString;
    this.exceptionName = details.exceptionName;
    this.faultCode = details.faultCode;
    this.httpStatus = details.httpStatus;
  }
}

/**
 * Raised while decoding XML that does not match the schema. The message uses OX's own wording where OX has
 * one (docs/reference/ox-soap-contract.md), because clients may show it to administrators.
 */
export class OxDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OxDecodeError';
  }
}
