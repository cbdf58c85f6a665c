// Retries one SOAP call that OX answered with a transient fault (HTTP 5xx/429 without a SOAP fault, or a
// StorageException-like fault; docs/reference/ox-faults.md), twice, after a short pause (decision 0216).
// An object with three calls would otherwise fail as a whole three times as often as one call does, and a retry of
// the whole object repeats the calls that had already succeeded. Repeating a call is safe: every operation the
// handlers send is repeat-safe (DESIGN principle 3, decision 0025). Not retried here: no answer at all (refused,
// reset, timeout) — that is OX as a whole, and the engine stops the pass for it.
import type { OxApi } from '../provisioning/ox-port.js';

export const CALL_RETRY_DELAYS_MS = [50, 200] as const;

/** Was the fault answered by OX (or the proxy in front of it), as opposed to no answer at all? */
export function isAnsweredTransient(err: unknown): boolean {
  const e = err as { kind?: unknown; httpStatus?: unknown; faultString?: unknown } | undefined;
  return e?.kind === 'transient' && (e.httpStatus !== undefined || e.faultString !== undefined);
}

export function retryAnsweredFaults(ox: OxApi, delaysMs: readonly number[] = CALL_RETRY_DELAYS_MS): OxApi {
  return {
    async call(service, operation, args, options) {
      for (let attempt = 0; ; attempt++) {
        try {
          return await ox.call(service, operation, args, options);
        } catch (err) {
          if (attempt >= delaysMs.length || !isAnsweredTransient(err)) throw err;
          await new Promise((resolve) => setTimeout(resolve, delaysMs[attempt]));
        }
      }
    },
  };
}
