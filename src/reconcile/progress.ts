// Progress of reading one context from OX, at INFO at most every 5 s: objects read of the total, rate, ETA.
import type { Logger } from '../ops/log.js';

export const PROGRESS_INTERVAL_MS = 5000;

export class ReadProgress {
  private readonly started = Date.now();
  private lastLogged = Date.now();
  private read = 0;

  constructor(
    private readonly log: Logger,
    private readonly contextId: number,
    private readonly total: number,
    private readonly now: () => number = Date.now,
  ) {
    this.started = now();
    this.lastLogged = this.started;
  }

  add(count: number): void {
    this.read += count;
    const now = this.now();
    if (now - this.lastLogged < PROGRESS_INTERVAL_MS) return;
    this.lastLogged = now;
    const seconds = Math.max((now - this.started) / 1000, 0.001);
    const rate = this.read / seconds;
    const eta = rate > 0 ? Math.ceil((this.total - this.read) / rate) : undefined;
    this.log.info(
      `Reconcile: context ${this.contextId}: read ${this.read} of ${this.total} objects (${Math.round(rate)}/s, ETA ${eta === undefined ? 'unknown' : `${eta} s`})`,
    );
  }
}
