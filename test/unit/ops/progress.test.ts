// Decision 0302: progress arithmetic on a clock the test moves, so nothing here depends on timing.
import { describe, expect, it } from 'vitest';
import {
  formatDuration,
  formatProgress,
  Progress,
  PROGRESS_INTERVAL_MS,
  PROGRESS_MIN_QUEUED,
  progressPerPart,
  progressReport,
} from '../../../src/ops/progress.js';

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('Progress', () => {
  it('stays silent for fewer than PROGRESS_MIN_QUEUED items', () => {
    const c = clock();
    const p = new Progress({ now: c.now });
    p.listed(PROGRESS_MIN_QUEUED - 1);
    c.advance(60_000);
    expect(p.done(100)).toBeUndefined();
  });

  it('reports at most once per interval, with done/total, rate and time left', () => {
    const c = clock();
    const p = new Progress({ now: c.now });
    p.listed(1000);
    c.advance(PROGRESS_INTERVAL_MS - 1);
    expect(p.done(100)).toBeUndefined(); // not yet 5 s
    c.advance(1);
    expect(p.done(100)).toEqual({ done: 200, total: 1000, rate: 40, etaSeconds: 20 });
    c.advance(1000);
    expect(p.done(50)).toBeUndefined(); // 1 s after the last line
    c.advance(PROGRESS_INTERVAL_MS);
    const later = p.done(50)!;
    expect(later).toMatchObject({ done: 300, total: 1000 });
    expect(later.rate).toBeCloseTo(300 / 11, 6); // 300 in 11 s
    expect(later.etaSeconds).toBeCloseTo(700 / (300 / 11), 6);
  });

  it('counts items that arrive meanwhile into the total, and starts afresh after the queue was empty', () => {
    const c = clock();
    const p = new Progress({ now: c.now, minTotal: 10, intervalMs: 1000 });
    p.listed(10);
    c.advance(1000);
    expect(p.done(4)).toMatchObject({ done: 4, total: 10 });
    p.listed(16); // a later pass: 6 left of the first 10, 10 new
    c.advance(1000);
    expect(p.done(1)).toMatchObject({ done: 5, total: 20 });
    p.listed(0);
    expect(p.done(1)).toBeUndefined(); // finished
    p.listed(12);
    c.advance(2000);
    expect(p.done(6)).toEqual({ done: 6, total: 12, rate: 3, etaSeconds: 2 });
  });

  it('never reports more done than total (files that landed after the listing)', () => {
    const c = clock();
    const p = new Progress({ now: c.now, minTotal: 1, intervalMs: 1 });
    p.listed(2);
    c.advance(10);
    expect(p.done(3)).toMatchObject({ done: 3, total: 3, etaSeconds: 0 });
  });
});

describe('progress texts', () => {
  it('leaves the time open while nothing is done, and rounds durations as an administrator plans', () => {
    expect(progressReport(0, 10, 5000)).toEqual({ done: 0, total: 10, rate: 0, etaSeconds: undefined });
    expect(formatProgress(progressReport(0, 10, 5000), 'users')).toBe(
      '0/10 users done (0 %), 0.0/s, time left not known yet',
    );
    expect(formatProgress(progressReport(1200, 5000, 5000), 'queued changes')).toBe(
      '1200/5000 queued changes done (24 %), 240.0/s, about 16 s left',
    );
    expect(formatDuration(59.6)).toBe('1 min 00 s');
    expect(formatDuration(200)).toBe('3 min 20 s');
    expect(formatDuration(3900)).toBe('1 h 05 min');
  });
});

describe('progressPerPart (cache rebuild: users read per context)', () => {
  it('turns cumulative figures into reports, each context on its own', () => {
    const c = clock();
    const reports: Array<[number, number, number]> = [];
    const onFigures = progressPerPart((r, part) => reports.push([part, r.done, r.total]), { now: c.now });
    for (let done = 25; done <= 600; done += 25) {
      c.advance(1000);
      onFigures(done, done === 600 ? 600 : Math.max(550, done + 1), 7);
    }
    expect(reports).toEqual([
      [7, 150, 550], // tracked from the first page (25 users, 1 s), reported 5 s later
      [7, 275, 550],
      [7, 400, 550],
      [7, 525, 550],
    ]);
    c.advance(60_000);
    onFigures(10, 10, 8); // a small context: nothing to report
    expect(reports).toHaveLength(4);
  });
});
