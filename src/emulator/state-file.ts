/**
 * The emulator's optional state file: loaded at start, written atomically (temp file + rename) shortly after
 * changes (debounced, so a burst of calls costs one write) and once more on shutdown.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

export interface StateFile {
  /** Marks the state as changed; a save follows after `debounceMs`. */
  changed(): void;
  /** Writes now if anything changed since the last write. */
  flush(): void;
  /** Flushes and stops the timer. */
  close(): void;
}

export function loadStateFile(path: string): unknown {
  if (!existsSync(path)) return undefined;
  const text = readFileSync(path, 'utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new Error(`Emulator state file ${path} is not valid JSON (${(error as Error).message}); fix or remove it`);
  }
}

export function stateFileWriter(path: string, snapshot: () => unknown, debounceMs = 200): StateFile {
  let dirty = false;
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (!dirty) return;
    dirty = false;
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(snapshot()));
    renameSync(tmp, path);
  };
  return {
    changed() {
      dirty = true;
      if (timer === undefined) {
        timer = setTimeout(flush, debounceMs);
        timer.unref();
      }
    },
    flush,
    close: flush,
  };
}
