// OX_CONNECTOR_LOG_FILE: the service's log lines appended to a file that logrotate moves away. SIGHUP (the
// package's logrotate postrotate, `systemctl reload ox-connector`) calls `reopen()`, which starts a new file at
// the path. A rule that sends no signal (UCS's own for its listener module logs, say) is noticed too: at most once
// a second a write compares the path with the open file and reopens when they differ (decision 0297).
import { closeSync, fstatSync, openSync, statSync, writeSync } from 'node:fs';

export interface LogFile {
  readonly path: string;
  /** Appends one line (a newline is added). */
  write(line: string): void;
  /** Closes the file and opens the path again: a new file when logrotate moved the old one away. */
  reopen(): void;
  close(): void;
}

/** The file at `path`, opened for appending (created 0640); an error says which file and what to do. */
function openAppend(path: string): number {
  try {
    return openSync(path, 'a', 0o640);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new Error(
      `cannot open the log file ${path} (${code}): create its directory and make it writable for the user the ` +
        `connector runs as (uid ${process.getuid?.() ?? '?'}), or set OX_CONNECTOR_LOG_FILE to another file`,
    );
  }
}

export interface LogFileOptions {
  /** How often a write checks whether the path still names the open file (ms; default 1000). */
  checkEveryMs?: number;
  now?: () => number;
}

/** Whether `path` no longer names the file open at `fd` (moved or deleted by a log rotation). */
function pathMoved(path: string, fd: number): boolean {
  try {
    const atPath = statSync(path);
    const open = fstatSync(fd);
    return atPath.ino !== open.ino || atPath.dev !== open.dev;
  } catch {
    return true; // nothing at the path any more
  }
}

export function openLogFile(path: string, options: LogFileOptions = {}): LogFile {
  const checkEveryMs = options.checkEveryMs ?? 1000;
  const now = options.now ?? Date.now;
  let fd = openAppend(path);
  let checkedAt = now();
  const file: LogFile = {
    path,
    write(line) {
      if (now() - checkedAt >= checkEveryMs) {
        checkedAt = now();
        if (pathMoved(path, fd)) {
          try {
            file.reopen();
          } catch {
            // The path cannot be opened now: keep writing to the moved file rather than lose the line.
          }
        }
      }
      // Synchronous: a line is on disk (in the page cache) before the next one is built, as with stdout to a file.
      const bytes = Buffer.from(line + '\n');
      let done = 0;
      while (done < bytes.length) done += writeSync(fd, bytes, done);
    },
    reopen() {
      // Open first: when the path cannot be opened now (its directory gone), the old file keeps the lines.
      const next = openAppend(path);
      closeSync(fd);
      fd = next;
    },
    close() {
      closeSync(fd);
    },
  };
  return file;
}
