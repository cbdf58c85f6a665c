/**
 * The journal beside the emulator's --state snapshot (`<state>.journal`): a header line, then one JSON line per
 * data-changing call the model accepted. Lines are appended in batches — every call that arrived while the
 * previous batch was being written joins the next one (group commit) — and a batch is flushed to the disk
 * (fdatasync) before any of its calls is answered. A kill -9 can tear only the last line, which reading ignores.
 *
 * The file is grown ahead in zero-filled chunks and lines overwrite the zeros: a flush then writes data only,
 * not the file's new size as well, which halves its time on ext4 (decision 0230). The data ends at the first
 * NUL byte (JSON lines never contain one).
 */
import fs from 'node:fs';
import { dirname } from 'node:path';

export const JOURNAL_FORMAT = 'ox-emulator-journal';

export interface JournalHeader {
  format: typeof JOURNAL_FORMAT;
  version: 1;
  /** The OX setup the entries were accepted under (the master password left out): replay uses the same. */
  options: Record<string, unknown>;
}

export interface JournalEntry {
  /** Consecutive over the life of the --state file; the snapshot names the last one it contains. */
  seq: number;
  service: string;
  operation: string;
  args: unknown;
  /** Digest of the call's result (e.g. the id the model gave), to prove that the replay gave the same. */
  result?: string;
}

export interface ReadJournal {
  header?: JournalHeader;
  entries: JournalEntry[];
  /** Bytes after the last complete line: a write that a kill cut short, never answered, ignored. */
  tornBytes: number;
}

export function journalPathOf(statePath: string): string {
  return `${statePath}.journal`;
}

function parseLine(line: string): unknown {
  try {
    return JSON.parse(line) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * The journal as written. Everything after the last line that parses is the torn end of an unanswered write;
 * a line that does not parse *before* a good one is damage that replay must not skip silently.
 */
export function readJournal(path: string): ReadJournal {
  if (!fs.existsSync(path)) return { entries: [], tornBytes: 0 };
  const raw = fs.readFileSync(path);
  const end = raw.indexOf(0);
  const text = (end < 0 ? raw : raw.subarray(0, end)).toString('utf8');
  const lines = text.split('\n');
  const parsed = lines.map((line, i) => (i === lines.length - 1 ? undefined : parseLine(line)));
  let last = parsed.length - 1;
  while (last >= 0 && parsed[last] === undefined) last -= 1;
  const tornBytes = Buffer.byteLength(lines.slice(last + 1).join('\n'));
  const bad = parsed.findIndex((value, i) => i < last && value === undefined);
  if (bad >= 0)
    throw new Error(
      `Emulator journal ${path}: line ${bad + 1} is damaged while later lines are intact; the calls after it ` +
        'cannot be replayed in order. Restore the file, or remove it to start from the snapshot alone.',
    );
  if (last < 0) return { entries: [], tornBytes };
  const header = parsed[0] as Partial<JournalHeader>;
  if (header.format !== JOURNAL_FORMAT || header.version !== 1)
    throw new Error(
      `Emulator journal ${path} does not start with a "${JOURNAL_FORMAT}" version 1 header; ` +
        'remove it (or the --state file with it) to start again.',
    );
  return { header: header as JournalHeader, entries: parsed.slice(1, last + 1) as JournalEntry[], tornBytes };
}

/** Makes a rename or a new file in `dir` survive a crash of the machine, not only of the process. */
export function syncDirectory(dir: string): void {
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Writes `text` to `path` atomically and durably: temp file, fsync, rename, fsync of the directory. */
export function writeFileDurably(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  const fd = fs.openSync(tmp, 'w', 0o600);
  try {
    fs.writeFileSync(fd, text);
    fs.fdatasyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, path);
  syncDirectory(dirname(path));
}

/** How far the journal file is grown ahead of its data. */
const GROW_BYTES = 1024 * 1024;

function writeFully(fd: number, data: Buffer, at: number): void {
  for (let done = 0; done < data.length;) done += fs.writeSync(fd, data, done, data.length - done, at + done);
}

interface Batch {
  lines: string[];
  done: Promise<void>;
  resolve(): void;
  reject(error: Error): void;
}

function newBatch(): Batch {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const done = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // A batch nobody waits for (e.g. only direct model calls) must not end the process as an unhandled rejection.
  done.catch(() => undefined);
  return { lines: [], done, resolve, reject };
}

export interface JournalWriterOptions {
  /** fdatasync every batch (default). false: the write alone, which survives a killed process but not a crashed machine. */
  sync: boolean;
  /** Called between batches, when no write is in flight: the moment to compact. */
  onIdle?: () => void;
}

export class JournalWriter {
  private fd: number;
  private queued: Batch | undefined;
  private inFlight: Batch | undefined;
  private failure: Error | undefined;
  /** Bytes in the journal file, queued lines included. */
  bytes: number;
  /** Where the next batch goes: the end of the data written so far. */
  private position: number;
  /** Size of the file: data plus the zeros grown ahead. */
  private allocated: number;

  private constructor(
    readonly path: string,
    private readonly options: JournalWriterOptions,
    header: JournalHeader,
  ) {
    const text = `${JSON.stringify(header)}\n`;
    writeFileDurably(path, text);
    // Not 'a': in append mode Linux ignores the position of a write, and lines go where the zeros are.
    this.fd = fs.openSync(path, 'r+');
    this.bytes = Buffer.byteLength(text);
    this.position = this.bytes;
    this.allocated = this.bytes;
  }

  /** Replaces whatever journal is at `path` by one holding only `header`. */
  static create(path: string, header: JournalHeader, options: JournalWriterOptions): JournalWriter {
    return new JournalWriter(path, options, header);
  }

  append(line: string): void {
    if (this.queued === undefined) {
      this.queued = newBatch();
      // Calls that arrive in the same turn of the event loop share the write that follows it.
      if (this.inFlight === undefined) setImmediate(() => this.flush());
    }
    this.queued.lines.push(line);
    this.bytes += line.length; // characters, not bytes: close enough for deciding when to compact
  }

  /** Resolves once every line appended so far is on disk; undefined when they already are. */
  settled(): Promise<void> | undefined {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    return (this.queued ?? this.inFlight)?.done;
  }

  /** Starts over with only `header`, for lines that a snapshot now holds: their waiters are released. */
  restart(header: JournalHeader): void {
    if (this.inFlight !== undefined) throw new Error('JournalWriter.restart while a write is in flight');
    const released = this.queued;
    this.queued = undefined;
    let fresh: JournalWriter;
    try {
      fresh = new JournalWriter(this.path, this.options, header);
    } catch (error) {
      // The old file may already be replaced: writing on to it could lose calls, so refuse them instead.
      this.failure ??= new Error(
        `could not start a new emulator journal ${this.path} (${(error as Error).message}); the snapshot holds ` +
          'every call so far, later ones are applied in memory only. Free the disk, then restart the emulator.',
      );
      released?.resolve();
      return;
    }
    fs.closeSync(this.fd);
    this.fd = fresh.fd;
    this.bytes = fresh.bytes;
    this.position = fresh.position;
    this.allocated = fresh.allocated;
    released?.resolve();
  }

  /** Waits for every write, then closes the file. */
  async close(): Promise<void> {
    // The batches themselves, not settled(): after a failure that rejects at once, and looping on it would
    // never let the write in flight finish.
    for (let batch = this.inFlight ?? this.queued; batch !== undefined; batch = this.inFlight ?? this.queued)
      await batch.done.catch(() => undefined);
    fs.closeSync(this.fd);
  }

  private flush(): void {
    const batch = this.queued;
    if (batch === undefined || this.inFlight !== undefined) return;
    this.queued = undefined;
    this.inFlight = batch;
    if (this.failure !== undefined) return this.finish(batch, this.failure);
    const data = Buffer.from(batch.lines.join(''));
    try {
      // A synchronous write into the page cache costs less than a round trip through libuv's thread pool; only
      // the flush to the disk, which waits for the device, runs there, while the next batch fills up.
      if (this.position + data.length > this.allocated) {
        // Grow ahead; this batch's flush also carries the new size, the following ones only their data.
        const zeros = Buffer.alloc(Math.max(GROW_BYTES, data.length));
        writeFully(this.fd, zeros, this.position);
        this.allocated = this.position + zeros.length;
      }
      writeFully(this.fd, data, this.position);
      this.position += data.length;
    } catch (error) {
      return this.finish(batch, error as Error);
    }
    if (!this.options.sync) return this.finish(batch, undefined);
    fs.fdatasync(this.fd, (error) => this.finish(batch, error ?? undefined));
  }

  private finish(batch: Batch, error: Error | undefined): void {
    this.inFlight = undefined;
    if (error !== undefined) {
      // A half-written batch would be a damaged line before later good ones: stop writing altogether.
      this.failure ??= new Error(
        `could not write the emulator journal ${this.path} (${error.message}); calls since then are applied in ` +
          'memory only. Free the disk or fix the permissions, then restart the emulator.',
      );
      batch.reject(this.failure);
    } else batch.resolve();
    this.options.onIdle?.();
    if (this.queued !== undefined) this.flush();
  }
}
