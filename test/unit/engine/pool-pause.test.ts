// Decision 0345: the pool stops starting items when a pause is due and runs it only once nothing is in flight,
// then carries on with the rest.
import { describe, expect, it } from 'vitest';
import { runBounded } from '../../../src/engine/pool.js';

describe('runBounded with a pause', () => {
  it('runs the pause with nothing in flight, once per time it is due, and finishes every item', async () => {
    let inFlight = 0;
    const done: number[] = [];
    const seenInFlight: number[] = [];
    let dueAfter = 5; // due once, after five items have started
    let started = 0;
    await runBounded(
      Array.from({ length: 20 }, (_, i) => i),
      4,
      async (i) => {
        started += 1;
        inFlight += 1;
        await new Promise((r) => setTimeout(r, 1 + (i % 3)));
        inFlight -= 1;
        done.push(i);
      },
      () => false,
      {
        due: () => started >= dueAfter,
        run: async () => {
          seenInFlight.push(inFlight);
          dueAfter = Number.POSITIVE_INFINITY;
          await new Promise((r) => setTimeout(r, 5));
          seenInFlight.push(inFlight); // nothing started while it ran
        },
      },
    );
    expect(seenInFlight).toEqual([0, 0]);
    expect(done.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });
});
