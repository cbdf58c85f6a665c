// When a configuration file that is re-read on change (credentials, access profiles, attribute mapping) looks
// at its modification time again. Normally on every read, so an edit applies to the next object. During a
// provisioning pass the engine asks for at most one look per interval, because the files are read for every user
// (measured in decision 0192). An edit made while a pass runs then applies within that interval.
export class RecheckTimer {
  private intervalMs = 0;
  private lastCheck = Number.NEGATIVE_INFINITY;

  /** Is a look at the file due now? */
  due(): boolean {
    return this.intervalMs <= 0 || performance.now() - this.lastCheck >= this.intervalMs;
  }

  /** The file was looked at (and, if it changed, read) successfully. */
  checked(): void {
    this.lastCheck = performance.now();
  }

  /** The next read looks at the file whatever the interval (the connector rewrote it). */
  reset(): void {
    this.lastCheck = Number.NEGATIVE_INFINITY;
  }

  /** At most one look per intervalMs from now on (0: on every read again); the next read looks in any case. */
  throttle(intervalMs: number): void {
    this.intervalMs = intervalMs;
    this.reset();
  }
}

/** Configuration that re-reads a file on change. */
export interface Rechecked {
  readonly recheck: RecheckTimer;
}
