/**
 * What the recording proxy keeps of a connector's SOAP traffic, for the ceiling benchmark
 * (decision 0064): every request as it went over the wire, in arrival order, and the first answer
 * per `Service.operation`. The requests carry the throwaway bench setup's admin credentials, so
 * nothing here is ever printed or written to disk — only counts and operation names are.
 */

export interface RecordedCall {
  /** `OXUserService.createByModuleAccess`: the path's service and the SOAPAction. */
  operation: string;
  /** Path and query, e.g. `/webservices/OXUserService`. */
  path: string;
  /** Raw header list as the connector sent it, without Host, Connection and Content-Length. */
  headers: string[];
  body: Buffer;
}

export interface RecordedAnswer {
  status: number;
  contentType: string;
  body: string;
}

export interface SoapRecording {
  calls: RecordedCall[];
  /** The first answer the server gave per `Service.operation`. */
  firstAnswers: Map<string, RecordedAnswer>;
}

/** `OXUserService.createByModuleAccess` from the request path and the SOAPAction header `"urn:op"`. */
export function operationOf(path: string, soapAction: string | undefined): string {
  const service = /\/webservices\/([A-Za-z]+)/.exec(path)?.[1] ?? 'unknown';
  const action = (soapAction ?? '').replace(/"/g, '').replace(/^urn:/, '') || 'unknown';
  return `${service}.${action}`;
}

/** A user create, whichever of OX's create operations the connector chose. */
export function isUserCreate(operation: string): boolean {
  return /^OXUserService\.create/.test(operation);
}

/** Calls per operation, for a sanity line next to the connector's own counts (no bodies involved). */
export function countByOperation(calls: RecordedCall[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const call of calls) counts.set(call.operation, (counts.get(call.operation) ?? 0) + 1);
  return counts;
}
