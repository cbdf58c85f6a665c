// How much waits in the UCS queue directory and for how long: for `check`, /metrics and the status page.
// The oldest item is the first file in processing order (names sort by the time the listener wrote them); its
// age comes from its modification time, which also holds for files an administrator or import-legacy put there.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface QueueFigures {
  depth: number;
  /** Seconds the first queued item has waited; 0 when the queue is empty. */
  oldestAgeSeconds: number;
}

/** A file the UCS 3.x app uses to ask for another run; never a change (as sources/ucs-queue reads it). */
const NOT_A_CHANGE = 'restart.json';

export function queueFigures(queueDir: string, now = Date.now()): QueueFigures {
  let names: string[];
  try {
    names = readdirSync(queueDir).filter((n) => n.endsWith('.json') && n !== NOT_A_CHANGE);
  } catch {
    return { depth: 0, oldestAgeSeconds: 0 };
  }
  if (names.length === 0) return { depth: 0, oldestAgeSeconds: 0 };
  let first = names[0];
  for (const n of names) if (n < first) first = n;
  let oldestAgeSeconds = 0;
  try {
    oldestAgeSeconds = Math.max(0, Math.floor((now - statSync(join(queueDir, first)).mtimeMs) / 1000));
  } catch {
    // Processed between listing and stat: it waits no more.
  }
  return { depth: names.length, oldestAgeSeconds };
}
