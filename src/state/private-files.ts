// Files only the connector's user may read (mode 0600), whatever the umask: the state store holds users'
// {crypt} password hashes (docs/reference/data-directory.md, decision 0225).
import { chmodSync, closeSync, openSync, statSync } from 'node:fs';

export const PRIVATE_MODE = 0o600;

/** Creates an empty file with mode 0600 unless it exists; an existing file is left alone. */
export function createPrivateFile(path: string): void {
  try {
    // The mode of open() is only narrowed by the umask, never widened, so the file starts 0600 or stricter.
    closeSync(openSync(path, 'wx', PRIVATE_MODE));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
}

export interface Restricted {
  changed: string[];
  /** Files others can read that this process may not chmod (owned by another user), with the error code. */
  failed: { path: string; code: string }[];
}

/** Takes group and other permissions off the existing files among `paths`. */
export function restrictToOwner(paths: readonly string[]): Restricted {
  const changed: string[] = [];
  const failed: Restricted['failed'] = [];
  for (const path of paths) {
    let mode: number;
    try {
      mode = statSync(path).mode & 0o777;
    } catch {
      continue; // not there (no -wal/-shm while no connection has the store open)
    }
    if ((mode & 0o077) === 0) continue;
    try {
      chmodSync(path, PRIVATE_MODE);
      changed.push(path);
    } catch (err) {
      failed.push({ path, code: (err as NodeJS.ErrnoException).code ?? String(err) });
    }
  }
  return { changed, failed };
}
