/**
 * `--fault-rate`: which SOAP calls fail with an injected transient error, and how (docs/decisions/0111).
 * A seeded pseudo-random sequence decides both, so a resilience test sees a random-looking mix of failures
 * that is nevertheless the same on every run with the same seed (reproducible failures, no flaky tests).
 */

/** The two kinds of transient trouble a connector meets: an outage in front of OX, and an OX database error. */
export type InjectedFault = 'http503' | 'storageException';

/** mulberry32: a tiny, well-distributed 32-bit PRNG; returns floats in [0, 1). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface FaultInjector {
  /** The fault to inject into this call, or undefined to let it through. */
  next(): InjectedFault | undefined;
}

/** `rate` = share of calls (0..1) that fail; `seed` fixes the sequence (default 1). */
export function faultInjector(rate: number, seed = 1): FaultInjector {
  if (!(rate >= 0 && rate <= 1)) throw new RangeError(`fault rate must be between 0 and 1, got ${rate}`);
  const random = mulberry32(seed);
  return {
    next() {
      if (rate === 0) return undefined;
      if (random() >= rate) return undefined;
      return random() < 0.5 ? 'http503' : 'storageException';
    },
  };
}
