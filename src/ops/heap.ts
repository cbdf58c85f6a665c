// Memory: how fast the JavaScript heap may grow. The connector keeps little but allocates a lot per object, so
// V8's default growth left resident memory mostly garbage; a smaller growth factor keeps the peak down for a few
// percent more GC time (measured in decision 0162). It is no hard limit: a queue that needs more memory gets it.
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
