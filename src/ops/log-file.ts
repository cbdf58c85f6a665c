// OX_CONNECTOR_LOG_FILE: the service's log lines appended to a file that logrotate moves away. After a move the
// connector keeps writing to the moved file until it is told (SIGHUP, from logrotate's postrotate or
// `systemctl reload ox-connector`); then `reopen()` starts a new file at the path (decision 0297).
import { closeSync, openSync, writeSync } from 'node:fs';

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

export function openLogFile(path: string): LogFile {
  let fd = openAppend(path);
  return {
    path,
    write(line) {
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
}
