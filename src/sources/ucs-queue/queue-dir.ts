// The UCS queue directory <data dir>/listener/: one JSON file per change, named by timestamp, so
// lexical order = chronological order. Files are removed only after their change was provisioned and committed.
import { readdirSync, unlinkSync, mkdirSync } from 'node:fs';
import { join, sep } from 'node:path';
import type { ChangeRecord } from '../../model/change.js';
import { ReusableFileReader } from './file-reader.js';
import { MalformedQueueFile, parseQueueFile } from './queue-file.js';

export const LISTENER_DIR = 'listener';
/** A file the UCS 3.x app uses to ask for another run; never a change. */
const IGNORED = new Set(['restart.json']);

export interface ScanResult {
  records: ChangeRecord[];
  malformed: { file: string; error: string }[];
}

export class UcsQueueDir {
  readonly dir: string;
  private readonly reader: ReusableFileReader;

  /** @param maxFileBytes OX_CONNECTOR_MAX_QUEUE_FILE_SIZE: larger files are reported and left unread. */
  constructor(dataDir: string, maxFileBytes?: number) {
    this.reader = new ReusableFileReader(maxFileBytes);
    this.dir = join(dataDir, LISTENER_DIR);
    mkdirSync(this.dir, { recursive: true });
  }

  /** Queue file names in processing order. */
  list(): string[] {
    return readdirSync(this.dir)
      .filter((name) => name.endsWith('.json') && !IGNORED.has(name))
      .sort();
  }

  /** Full paths of the queue files in processing order (of `names`, a slice of list(), when given). */
  paths(names: string[] = this.list()): string[] {
    // Plain concatenation, not path.join: join builds each path from slices of a longer string, which costs about
    // 300 bytes per queued file in a 100,000-file queue instead of 60 (decision 0120).
    const prefix = this.dir.endsWith(sep) ? this.dir : this.dir + sep;
    // join(''): one flat string per path (a + b would keep a two-part string and, once read, a flat copy too).
    return names.map((name) => [prefix, name].join(''));
  }

  /**
   * One queue file's change. undefined when it vanished since it was listed (removed by an administrator or an
   * earlier pass); throws MalformedQueueFile (or a read error naming the file) when it cannot be used.
   */
  read(path: string): ChangeRecord | undefined {
    let text: string;
    try {
      // Only regular files within the size limit, never through a link (file-reader.ts, decision 0220).
      text = this.reader.readText(path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      if (err instanceof MalformedQueueFile) throw err;
      throw new Error(`Cannot read queue file ${path}: ${(err as Error).message}; check its permissions or remove it.`);
    }
    return parseQueueFile(text, path);
  }

  /** Size in bytes of the file the last read() parsed (the engine's memory budget counts it, decision 0192). */
  lastReadBytes(): number {
    return this.reader.lastBytes;
  }

  /** Every queued change at once; fine for small queues and tools. The engine streams through read(). */
  scan(): ScanResult {
    const records: ChangeRecord[] = [];
    const malformed: { file: string; error: string }[] = [];
    for (const name of this.list()) {
      const path = join(this.dir, name);
      // The same reader as the engine's: tools meet a FIFO, a link or a huge file exactly as the service does.
      try {
        const record = this.read(path);
        // Vanished between listing and reading (another tool removed it): nothing to do.
        if (record) records.push(record);
      } catch (err) {
        malformed.push({ file: path, error: (err as Error).message });
      }
    }
    return { records, malformed };
  }

  remove(path: string): void {
    try {
      unlinkSync(path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
}
