import { describe, expect, it } from 'vitest';
import { faultInjector } from '../../../src/emulator/fault-injection.js';

const draw = (rate: number, seed: number | undefined, n: number) => {
  const injector = faultInjector(rate, seed);
  return Array.from({ length: n }, () => injector.next());
};

describe('--fault-rate injection', () => {
  it('never fails at rate 0 and always at rate 1', () => {
    expect(draw(0, 1, 1000).every((f) => f === undefined)).toBe(true);
    expect(draw(1, 1, 1000).every((f) => f !== undefined)).toBe(true);
  });

  it('fails about the requested share of calls, with both kinds in a random (not alternating) mix', () => {
    const seq = draw(0.3, 7, 20_000);
    const failed = seq.filter((f) => f !== undefined);
    expect(failed.length / seq.length).toBeGreaterThan(0.28);
    expect(failed.length / seq.length).toBeLessThan(0.32);
    const http = failed.filter((f) => f === 'http503').length;
    expect(http / failed.length).toBeGreaterThan(0.45);
    expect(http / failed.length).toBeLessThan(0.55);
    const alternating = failed.every((f, i) => i === 0 || f !== failed[i - 1]);
    expect(alternating).toBe(false);
  });

  it('is reproducible: the same seed gives the same failures, another seed others', () => {
    expect(draw(0.5, 42, 500)).toEqual(draw(0.5, 42, 500));
    expect(draw(0.5, undefined, 500)).toEqual(draw(0.5, 1, 500));
    expect(draw(0.5, 43, 500)).not.toEqual(draw(0.5, 42, 500));
  });

  it('refuses a rate outside 0..1', () => {
    expect(() => faultInjector(1.5)).toThrow(/between 0 and 1/);
    expect(() => faultInjector(Number.NaN)).toThrow(/between 0 and 1/);
  });
});
