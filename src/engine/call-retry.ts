// Retries one SOAP call that OX answered with a transient fault (HTTP 5xx/429 without a SOAP fault, or a
// StorageException-like fault; docs/reference/ox-faults.md), twice, after a short pause (decision 0216).
// An object with three calls would otherwise fail as a whole three times as often as one call does, and a retry of
// the whole object repeats the calls that had already succeeded. Repeating a call is safe: every operation the
// handlers send is repeat-safe (DESIGN principle 3, decision 0025). Not retried here: no answer at all (refused,
// reset, timeout) — that is OX as a whole, and the engine stops the pass for it.
import type { OperationName, ServiceName } from '../ox/schema/index.js';
import type { OxArgs, OxPartialResult, OxResult, OxResultMember } from '../ox/types.js';
import type { OxApi } from '../provisioning/ox-port.js';

export const CALL_RETRY_DELAYS_MS = [50, 200] as const;

/**
 * The administrator's commands that read OX (reconcile, cache rebuild): a single run that one fault would end as a
 * whole, with nobody waiting on it per object, so it waits longer per call than `run` does (decision 0330).
 */
export const ADMIN_CALL_RETRY_DELAYS_MS = [50, 200, 1000, 3000] as const;

/** Was the fault answered by OX (or the proxy in front of it), as opposed to no answer at all? */
export function isAnsweredTransient(err: unknown): boolean {
  const e = err as { kind?: unknown; httpStatus?: unknown; faultString?: unknown } | undefined;
  return e?.kind === 'transient' && (e.httpStatus !== undefined || e.faultString !== undefined);
}

export function retryAnsweredFaults(ox: OxApi, delaysMs: readonly number[] = CALL_RETRY_DELAYS_MS): OxApi {
  function call<S extends ServiceName, O extends OperationName<S>>(
    service: S,
    operation: O,
    args: OxArgs<S, O>,
  ): Promise<OxResult<S, O>>;
  function call<S extends ServiceName, O extends OperationName<S>, K extends OxResultMember<S, O>>(
    service: S,
    operation: O,
    args: OxArgs<S, O>,
    options: { readonly only: readonly K[] },
  ): Promise<OxPartialResult<S, O, K>>;
  function call<S extends ServiceName, O extends OperationName<S>, K extends OxResultMember<S, O>>(
    service: S,
    operation: O,
    args: OxArgs<S, O>,
    options?: { readonly only: readonly K[] },
  ): Promise<OxResult<S, O> | OxPartialResult<S, O, K>> {
    return retried<OxResult<S, O> | OxPartialResult<S, O, K>>(delaysMs, () =>
      options === undefined ? ox.call(service, operation, args) : ox.call(service, operation, args, options),
    );
  }
  return { call };
}

async function retried<T>(delaysMs: readonly number[], attempt: () => Promise<T>): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await attempt();
    } catch (err) {
      if (i >= delaysMs.length || !isAnsweredTransient(err)) throw err;
      await new Promise((resolve) => setTimeout(resolve, delaysMs[i]));
    }
  }
}
