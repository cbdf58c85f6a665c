import { describe, expect, it } from 'vitest';
import { HEAP_GROWING_PERCENT, limitHeapGrowth } from '../../../src/ops/heap.js';

describe('limitHeapGrowth', () => {
  it('sets the growth factor when nobody chose one', () => {
    expect(HEAP_GROWING_PERCENT).toBeGreaterThan(0);
    expect(limitHeapGrowth([], '')).toBe(true);
  });

  it("leaves the administrator's choice alone (node flag or NODE_OPTIONS, either spelling)", () => {
    expect(limitHeapGrowth(['--heap-growing-percent=100'], '')).toBe(false);
    expect(limitHeapGrowth([], '--max-old-space-size=4096 --heap_growing_percent=80')).toBe(false);
    expect(limitHeapGrowth(['--max-old-space-size=4096'], '')).toBe(true);
  });
});
