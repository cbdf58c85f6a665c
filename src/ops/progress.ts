// Progress of a long piece of work (an initial load of thousands of queue files, a cache rebuild): how much is
// done of how much, at what rate, and when it will be finished — at most one report per interval, and only for
// work large enough to be worth watching (decision 0302). Pure arithmetic on a clock the caller passes, so the
// tests do not depend on timing.

/** Fewer queued changes than this finish in seconds: no progress lines for them. */
export const PROGRESS_MIN_QUEUED = 500;
/** At most one progress line per this many milliseconds. */
export const PROGRESS_INTERVAL_MS = 5000;

export interface ProgressReport {
  done: number;
  total: number;
  /** Items per second since the work started. */
  rate: number;
  /** Seconds until the rest is done at that rate; undefined while nothing is done yet. */
  etaSeconds: number | undefined;
}

export interface ProgressOptions {
  /** Milliseconds, monotonic enough for rates (Date.now by default). */
  now?: () => number;
  minTotal?: number;
  intervalMs?: number;
}

/**
 * Tracks one piece of work at a time. `listed(waiting)` says how many items wait now (a pass listed the queue):
 * work starts being tracked when that is at least `minTotal`, its total grows with items that arrive meanwhile,
 * and it ends when nothing waits any more. `done(n)` counts finished items and returns a report when one is due.
 */
export class Progress {
  private readonly now: () => number;
  private readonly minTotal: number;
  private readonly intervalMs: number;
  private active = false;
  private startedAt = 0;
  private lastReportAt = 0;
  private doneCount = 0;
  private total = 0;

  constructor(options: ProgressOptions = {}) {
    this.now = options.now ?? Date.now;
    this.minTotal = options.minTotal ?? PROGRESS_MIN_QUEUED;
    this.intervalMs = options.intervalMs ?? PROGRESS_INTERVAL_MS;
  }

  listed(waiting: number): void {
    if (!this.active) {
      if (waiting < this.minTotal) return;
      this.active = true;
      this.startedAt = this.lastReportAt = this.now();
      this.doneCount = 0;
      this.total = waiting;
      return;
    }
    if (waiting === 0) this.active = false;
    else this.total = this.doneCount + waiting;
  }

  done(n = 1): ProgressReport | undefined {
    if (!this.active) return undefined;
    this.doneCount += n;
    if (this.doneCount > this.total) this.total = this.doneCount; // items that arrived after the last listing
    const now = this.now();
    if (now - this.lastReportAt < this.intervalMs) return undefined;
    this.lastReportAt = now;
    return progressReport(this.doneCount, this.total, now - this.startedAt);
  }
}

/** The figures of `done` of `total` items after `elapsedMs`. */
export function progressReport(done: number, total: number, elapsedMs: number): ProgressReport {
  const rate = elapsedMs > 0 ? (done * 1000) / elapsedMs : 0;
  return { done, total, rate, etaSeconds: rate > 0 ? Math.max(0, total - done) / rate : undefined };
}

/** "1 h 05 min", "3 min 20 s", "45 s": rounded to what an administrator plans with. */
export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

/** "1200/5000 queued changes done (24 %), 240.0/s, about 16 s left", for `what` = "queued changes". */
export function formatProgress(r: ProgressReport, what: string): string {
  const percent = r.total > 0 ? Math.floor((r.done * 100) / r.total) : 100;
  const eta = r.etaSeconds === undefined ? 'time left not known yet' : `about ${formatDuration(r.etaSeconds)} left`;
  return `${r.done}/${r.total} ${what} done (${percent} %), ${r.rate.toFixed(1)}/s, ${eta}`;
}

/**
 * For work that reports cumulative figures per part (`cache rebuild`: users read so far of a context, and how many
 * it expects): the same reports, each part tracked on its own. Returns the function to call with the figures.
 */
export function progressPerPart(
  report: (r: ProgressReport, part: number) => void,
  options: ProgressOptions = {},
): (done: number, total: number, part: number) => void {
  let part: number | undefined;
  let progress = new Progress(options);
  let counted = 0;
  return (done, total, currentPart) => {
    if (currentPart !== part) {
      part = currentPart;
      progress = new Progress(options);
      counted = 0;
    }
    progress.listed(total - counted);
    const r = progress.done(done - counted);
    counted = done;
    if (r) report(r, currentPart);
  };
}
