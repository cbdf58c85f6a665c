// Memory: how fast the JavaScript heap may grow (issue 6, decision 0162).
// V8 lets the old generation grow to up to four times what survived the last full collection before it collects
// again. The connector keeps little (a 100,000-file queue index is ~20 MB) but allocates a lot per object (queue
// JSON, SOAP XML), so its resident memory was mostly garbage waiting for that limit: ~260–290 MB peak for a
// 100,000-file queue with ~40 MB live. A growth factor of 1.5 keeps the peak near 200 MB for a few percent more
// GC time. It is no hard limit: a queue that needs more memory still gets it (no out-of-memory crash).
import { setFlagsFromString } from 'node:v8';

/** Heap growth after a full collection, in percent of what survived it. */
export const HEAP_GROWING_PERCENT = 50;

const FLAG = '--heap-growing-percent';

/**
 * Applies the growth factor unless the administrator chose one (node flags or NODE_OPTIONS). Takes effect at the
 * next collection, so calling it first thing in a command is enough.
 */
export function limitHeapGrowth(
  execArgv: readonly string[] = process.execArgv,
  nodeOptions = process.env.NODE_OPTIONS ?? '',
): boolean {
  const chosen = (text: string) => text.includes(FLAG) || text.includes(FLAG.replace(/-/g, '_').replace(/^__/, '--'));
  if (execArgv.some(chosen) || chosen(nodeOptions)) return false;
  setFlagsFromString(`${FLAG}=${HEAP_GROWING_PERCENT}`);
  return true;
}
