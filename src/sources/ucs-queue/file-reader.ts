// Reads small files into one reused buffer. Indexing a queue reads every file once; readFileSync would allocate
// a fresh buffer outside the JavaScript heap per file, and with 100,000 files those buffers pile up between
// garbage collections (tens of MB of resident memory for nothing, decision 0120).
import { closeSync, openSync, readSync } from 'node:fs';

export class ReusableFileReader {
  private buffer = Buffer.allocUnsafe(64 * 1024);
  /** Size in bytes of the file the last readText returned. */
  lastBytes = 0;

  /** The file's text (UTF-8). Throws like readFileSync (ENOENT when it does not exist). */
  readText(path: string): string {
    const fd = openSync(path, 'r');
    try {
      let length = 0;
      // Read until end of file; no fstat for the size (a syscall per file): the buffer grows when a file fills it.
      for (;;) {
        if (length === this.buffer.length) {
          const bigger = Buffer.allocUnsafe(this.buffer.length * 2);
          this.buffer.copy(bigger, 0, 0, length);
          this.buffer = bigger;
        }
        const n = readSync(fd, this.buffer, length, this.buffer.length - length, null);
        if (n === 0) break;
        length += n;
      }
      this.lastBytes = length;
      return this.buffer.toString('utf8', 0, length);
    } finally {
      closeSync(fd);
    }
  }
}
