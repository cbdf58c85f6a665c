/**
 * A small seeded pseudo-random generator, so the same seed always yields the same workload
 * (benchmarks are only comparable when they run the same data; the original connector is to be fed
 * the very same files). mulberry32: 32-bit state, fast, good enough for test data — not for secrets.
 */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max] (both inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('SeededRandom.pick: cannot pick from an empty list');
    return items[Math.floor(this.next() * items.length)];
  }

  /** Fisher–Yates on a copy. */
  shuffle<T>(items: readonly T[]): T[] {
    const copy = items.slice();
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy;
  }

  /** `count` distinct items (or all of them when there are fewer). */
  sample<T>(items: readonly T[], count: number): T[] {
    return this.shuffle(items).slice(0, Math.min(count, items.length));
  }

  digits(length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += String(this.int(0, 9));
    return out;
  }

  hex(length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += this.int(0, 15).toString(16);
    return out;
  }

  /**
   * An entryUUID in the shape OpenLDAP gives UCS objects: a time-based (version 1) UUID with the
   * RFC 4122 variant, e.g. `0c1f7a5e-2d10-103f-8f5a-6f1e0e3b2a11`.
   */
  entryUuid(): string {
    const variant = (8 + this.int(0, 3)).toString(16);
    return `${this.hex(8)}-${this.hex(4)}-1${this.hex(3)}-${variant}${this.hex(3)}-${this.hex(12)}`;
  }
}
