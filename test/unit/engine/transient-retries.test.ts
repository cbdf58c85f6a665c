// Per-object back-off after transient faults (decision 0215), the pool's retry of an item inside its run, and the
// on-the-spot repeat of a call OX answered with a transient fault (decision 0216).
import { describe, expect, it } from 'vitest';
import { isAnsweredTransient, retryAnsweredFaults } from '../../../src/engine/call-retry.js';
import { runBounded } from '../../../src/engine/pool.js';
import { TransientRetries, transientDelayMs } from '../../../src/engine/transient-retries.js';
import { untypedOx } from '../../helpers/fake-ox.js';

describe('transient back-off per object', () => {
  it('doubles from 50 ms per attempt, capped', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => transientDelayMs(n, 60_000))).toEqual([50, 100, 200, 400, 800, 1600]);
    expect(transientDelayMs(40, 60_000)).toBe(60_000);
  });

  it('keeps one state per object: waiting until due, forgotten on success or when no longer queued', () => {
    const r = new TransientRetries(10_000);
    const a = r.failed('a', 'boom', 1000);
    expect(a).toEqual({ attempts: 1, nextRetryAt: 1050, error: 'boom' });
    expect(r.failed('a', 'boom', 2000).attempts).toBe(2);
    r.failed('b', 'boom', 1000);
    expect(r.waiting('a', 2050)).toBeDefined();
    expect(r.waiting('a', 2100)).toBeUndefined();
    expect(r.nextRetryAt()).toBe(1050);
    r.forget('b');
    r.keepOnly(new Set(['x']));
    expect(r.nextRetryAt()).toBeUndefined();
  });
});

describe('runBounded with retries', () => {
  it('runs an item again after the delay it asks for, and ends when nothing is pending', async () => {
    const seen: string[] = [];
    let failuresLeft = 2;
    await runBounded(['a', 'b', 'c'], 2, async (item) => {
      seen.push(item);
      if (item === 'b' && failuresLeft-- > 0) return 5;
    });
    expect(seen.filter((s) => s === 'b')).toHaveLength(3);
    expect(new Set(seen)).toEqual(new Set(['a', 'b', 'c']));
  });

  it('stops starting items and retries once shouldStop() is true', async () => {
    let calls = 0;
    await runBounded(
      [1, 2, 3],
      1,
      async () => {
        calls += 1;
        return 1;
      },
      () => calls >= 2,
    );
    expect(calls).toBe(2);
  });
});

describe('repeating a call OX answered with a transient fault', () => {
  const answered = Object.assign(new Error('503'), { kind: 'transient', httpStatus: 503 });
  const noAnswer = Object.assign(new Error('ECONNREFUSED'), { kind: 'transient' });

  it('repeats an answered transient fault up to twice', async () => {
    let n = 0;
    const ox = retryAnsweredFaults(
      untypedOx(async () => (++n < 3 ? Promise.reject(answered) : 'ok')),
      [1, 1],
    );
    expect(await ox.call('OXDeputyPermissionsService', 'grant', {})).toBe('ok');
    expect(n).toBe(3);
  });

  it('gives up after the last delay, and never repeats a call without an answer or a permanent fault', async () => {
    let n = 0;
    const failing = (err: unknown) =>
      retryAnsweredFaults(
        untypedOx(async () => (n++, Promise.reject(err))),
        [1, 1],
      );
    await expect(failing(answered).call('OXUtilService', 'listServer', {})).rejects.toBe(answered);
    expect(n).toBe(3);
    n = 0;
    await expect(failing(noAnswer).call('OXUtilService', 'listServer', {})).rejects.toBe(noAnswer);
    expect(n).toBe(1);
    const invalid = Object.assign(new Error('bad'), { kind: 'invalidData', faultString: 'bad' });
    n = 0;
    await expect(failing(invalid).call('OXUtilService', 'listServer', {})).rejects.toBe(invalid);
    expect(n).toBe(1);
    expect(isAnsweredTransient(answered)).toBe(true);
  });
});
