import { describe, expect, it } from 'vitest';
import { PassWindow } from '../../../src/engine/pass-window.js';

const files = (n: number) => Array.from({ length: n }, (_, i) => `f${String(i).padStart(4, '0')}`);

describe('the files one pass takes (decision 0338)', () => {
  it('takes the oldest files up to its size, and says that newer ones were left out', () => {
    const window = new PassWindow(3);
    expect(window.take(files(10))).toEqual(['f0000', 'f0001', 'f0002']);
    expect(window.wasPartial).toBe(true);
    expect(window.take(files(3))).toEqual(files(3));
    expect(window.wasPartial).toBe(false);
  });

  it('takes the whole queue with size 0, as before', () => {
    const window = new PassWindow(0);
    expect(window.take(files(500))).toHaveLength(500);
    expect(window.wasPartial).toBe(false);
    expect(window.afterPass(false)).toBe(false);
  });

  it('doubles when a partial pass moved nothing, so newer files are reached behind any number of waiting objects', () => {
    const window = new PassWindow(2);
    window.take(files(10));
    expect(window.afterPass(false)).toBe(true);
    expect(window.take(files(10))).toHaveLength(4);
    expect(window.afterPass(false)).toBe(true);
    expect(window.take(files(10))).toHaveLength(8);
    expect(window.afterPass(true)).toBe(true);
    expect(window.take(files(10))).toHaveLength(8);
    expect(window.afterPass(false)).toBe(true);
    expect(window.take(files(10))).toHaveLength(10);
    expect(window.wasPartial).toBe(false);
    // A pass over the whole queue: nothing beyond; the next pass starts from the base size again.
    expect(window.afterPass(false)).toBe(false);
    expect(window.take(files(10))).toHaveLength(2);
  });
});
