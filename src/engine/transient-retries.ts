// Back-off per object after transient OX failures (issue 14 item 6, decision 0215). What failed was one call of
// one object, so that object waits — not the pass, not the queue. The state lives in memory: a restart retries
// everything at once, which is what a restart is for. Which OX faults are transient: docs/reference/ox-faults.md.

/** First wait after a transient failure; it doubles with every further failure of the same object. */
export const FIRST_RETRY_MS = 50;
/**
 * Retries due within this wait happen inside the running pass (its phase waits for them, so dependants in later
 * phases see the object done); longer waits are left to a later pass, and the object's dependants wait with it.
 */
export const IN_PASS_RETRY_MS = 1000;
/**
 * After this many failed attempts in a row (about 6 s of failures) the object is reported and parked as
 * transient: `status` and `tasks list` show it, its dependants stay held, and it is retried on the parked back-off.
 */
export const REPORT_AFTER_ATTEMPTS = 8;

export interface TransientState {
  attempts: number;
  /** Epoch ms. */
  nextRetryAt: number;
  error: string;
}

export function transientDelayMs(attempts: number, maxMs: number): number {
  return Math.min(maxMs, FIRST_RETRY_MS * 2 ** Math.min(Math.max(attempts, 1) - 1, 30));
}

export class TransientRetries {
  private readonly states = new Map<string, TransientState>();

  constructor(private readonly maxDelayMs: number) {}

  /** Records one more failed attempt and when the object may be tried again. */
  failed(objectId: string, error: string, now = Date.now()): TransientState {
    const attempts = (this.states.get(objectId)?.attempts ?? 0) + 1;
    const state = { attempts, nextRetryAt: now + transientDelayMs(attempts, this.maxDelayMs), error };
    this.states.set(objectId, state);
    return state;
  }

  /** The object went through (or was parked, or its files are gone): nothing to wait for any more. */
  forget(objectId: string): void {
    this.states.delete(objectId);
  }

  /** The object's back-off if it is still running at `now`. */
  waiting(objectId: string, now: number): TransientState | undefined {
    const state = this.states.get(objectId);
    return state !== undefined && state.nextRetryAt > now ? state : undefined;
  }

  /** Drops objects that are no longer queued (skipped, or their files removed by hand). */
  keepOnly(queued: ReadonlySet<string>): void {
    for (const id of this.states.keys()) if (!queued.has(id)) this.states.delete(id);
  }

  /** When the earliest waiting object is due (epoch ms), if any waits. */
  nextRetryAt(): number | undefined {
    let earliest: number | undefined;
    for (const s of this.states.values())
      if (earliest === undefined || s.nextRetryAt < earliest) earliest = s.nextRetryAt;
    return earliest;
  }
}
