import { readdirSync } from 'node:fs';
import { listenerDir } from './connector-env.js';

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function queuedFiles(dataDir: string): number {
  return readdirSync(listenerDir(dataDir)).filter((f) => f.endsWith('.json')).length;
}

/** Polls `condition` every `intervalMs` until it holds; throws `what` after `timeoutMs`. */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs: number,
  intervalMs = 10,
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await condition())) {
    if (performance.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs / 1000} s`);
    await sleep(intervalMs);
  }
}
