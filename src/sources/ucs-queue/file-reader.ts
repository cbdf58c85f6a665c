// Reads one queue file, safely, whatever sits in the queue directory (issue 14 item 8, decision 0220).
//
// Only a regular file is read. The file is opened with O_NOFOLLOW (a symbolic link fails with ELOOP instead of
// being followed: a link to /dev/zero or /etc/shadow is never opened) and O_NONBLOCK (opening a FIFO does not
// wait for a writer), and the opened descriptor is fstat-ed: no check-then-open race, the checks are about the
// very file that is read. A file larger than the limit is not read at all. The text must be valid UTF-8.
//
// Small files go through one reused buffer: indexing a queue reads every file once, and a fresh buffer per file
// piles up outside the JavaScript heap between garbage collections (decision 0120). The reused buffer never
// grows: a larger file gets a buffer of its own, dropped after the read. (It used to double itself for every
// large file and keep the size: a link to /dev/zero grew it to 4 GiB, after which every read asked for 2^32
// bytes, which node passes on as 0 — every later file read as empty, "not valid JSON", until a restart.)
import { isUtf8 } from 'node:buffer';
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { DEFAULT_MAX_QUEUE_FILE_SIZE } from '../../config/settings.js';
import { MalformedQueueFile } from './queue-file.js';

const REUSED_BUFFER_BYTES = 64 * 1024;
const OPEN_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

const REMOVE = 'the connector does not read it and leaves it in place; remove it from the queue directory.';

export class ReusableFileReader {
  private readonly buffer = Buffer.allocUnsafe(REUSED_BUFFER_BYTES);
  /** Size in bytes of the file the last readText returned. */
  lastBytes = 0;

  /** @param maxBytes files larger than this are refused unread (OX_CONNECTOR_MAX_QUEUE_FILE_SIZE). */
  constructor(readonly maxBytes = DEFAULT_MAX_QUEUE_FILE_SIZE) {}

  /**
   * The file's text. Throws ENOENT when it does not exist, MalformedQueueFile when it is not a regular file, too
   * large or not UTF-8 (naming the file, never quoting it), and other file-system errors as they come.
   */
  readText(path: string): string {
    let fd: number;
    try {
      fd = openSync(path, OPEN_FLAGS);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ELOOP') throw new MalformedQueueFile(`Queue file ${path} is a symbolic link; ${REMOVE}`);
      // A socket cannot be opened at all.
      if (code === 'ENXIO') throw new MalformedQueueFile(`Queue file ${path} is not a regular file; ${REMOVE}`);
      throw err;
    }
    try {
      const stats = fstatSync(fd);
      if (!stats.isFile()) throw new MalformedQueueFile(`Queue file ${path} is ${kindOf(stats)}; ${REMOVE}`);
      if (stats.size > this.maxBytes) throw this.tooLarge(path, `${stats.size} bytes`);
      const length = this.readAll(fd, path, stats.size);
      this.lastBytes = length;
      const bytes = this.current.subarray(0, length);
      if (!isUtf8(bytes)) {
        throw new MalformedQueueFile(`Queue file ${path} is not valid UTF-8 text; fix or remove it.`);
      }
      return bytes.toString('utf8');
    } finally {
      this.current = this.buffer;
      closeSync(fd);
    }
  }

  /** The buffer of the read in progress: the reused one, or one of the file's own size. */
  private current: Buffer = this.buffer;

  private readAll(fd: number, path: string, size: number): number {
    // One byte more than fstat said, to notice a file that grew since: read on, but never beyond the limit.
    this.current = size < this.buffer.length ? this.buffer : Buffer.allocUnsafe(size + 1);
    let length = 0;
    for (;;) {
      if (length === this.current.length) {
        if (length > this.maxBytes) throw this.tooLarge(path, `more than ${this.maxBytes} bytes`);
        const bigger = Buffer.allocUnsafe(Math.min(length * 2, this.maxBytes + 1));
        this.current.copy(bigger, 0, 0, length);
        this.current = bigger;
      }
      const n = readSync(fd, this.current, length, this.current.length - length, null);
      if (n === 0) return length;
      length += n;
    }
  }

  private tooLarge(path: string, size: string): MalformedQueueFile {
    return new MalformedQueueFile(
      `Queue file ${path} is ${size}, more than OX_CONNECTOR_MAX_QUEUE_FILE_SIZE (${this.maxBytes} bytes); ` +
        'the connector does not read it and leaves it in place. If the object is genuine, raise the setting and ' +
        'restart the connector; otherwise remove the file.',
    );
  }
}
