/** The age of the oldest unprocessed change: the modification time of the oldest queue file, sampled. */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export class QueueAgeSampler {
  maxAgeMs = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly listenerDir: string) {}

  start(everyMs: number): void {
    this.timer = setInterval(() => this.sample(), everyMs);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  sample(): void {
    let oldest = Infinity;
    for (const name of readdirSync(this.listenerDir)) {
      if (!name.endsWith('.json')) continue;
      try {
        oldest = Math.min(oldest, statSync(join(this.listenerDir, name)).mtimeMs);
      } catch {
        // processed and removed between the listing and the stat
      }
    }
    if (oldest !== Infinity) this.maxAgeMs = Math.max(this.maxAgeMs, Date.now() - oldest);
  }
}
