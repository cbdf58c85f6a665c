// Writes change records as UCS listener-converter queue files: <data dir>/listener/<%Y-%m-%d-%H-%M-%S-%f>.json,
// five keys, sorted, 4-space indent, non-ASCII escaped (docs/reference/queue-files.md). Files are staged as
// <name>.converting.tmp (not *.json, so the engine never sees half a file) and fsynced; the caller records them
// as pending in the same SQLite transaction as its cursor, and only then are they renamed into place. A crash
// before that commit leaves orphaned temporary files (removed at the next start); a crash after it leaves
// pending renames (rolled forward at the next start). So every change becomes exactly one queue file
// (decision 0046).
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import type { UdmObject, UdmObjectType } from './object-model.js';

export interface QueueRecord {
  id: string;
  dn: string;
  udm_object_type: UdmObjectType;
  object: UdmObject | null;
  options: string[] | null;
}

const NAME = /^(\d{4})-(\d{2})-(\d{2})-(\d{2})-(\d{2})-(\d{2})-(\d{6})\.(json|converting\.tmp)$/;
const STAGED = /^\d{4}(-\d{2}){5}-\d{6}\.converting\.tmp$/;

/** A staged file: its temporary and final names inside the listener directory. */
export interface StagedFile {
  tmp: string;
  final: string;
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/** Python json.dump(sort_keys=True, indent=4) with ensure_ascii. */
export function pythonJson(value: unknown): string {
  const sorted = (input: unknown): unknown => {
    if (Array.isArray(input)) return input.map(sorted);
    if (input && typeof input === 'object') {
      return Object.fromEntries(
        Object.keys(input)
          .sort()
          .map((key) => [key, sorted((input as Record<string, unknown>)[key])]),
      );
    }
    return input;
  };
  return JSON.stringify(sorted(value), null, 4).replace(
    /[\u007f-\uffff]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

export class QueueWriter {
  readonly directory: string;
  private lastMicros = 0;
  private staged: StagedFile[] = [];

  constructor(dataDir: string) {
    this.directory = join(dataDir, 'listener');
    mkdirSync(this.directory, { recursive: true });
    // Never write a name that sorts before a file already queued (clock steps, restarts within a microsecond).
    for (const name of readdirSync(this.directory)) {
      const match = NAME.exec(name);
      if (!match) continue;
      const [, y, mo, d, h, mi, s, us] = match.map(Number);
      const micros = new Date(y, mo - 1, d, h, mi, s).getTime() * 1000 + us;
      this.lastMicros = Math.max(this.lastMicros, micros);
    }
  }

  private nextName(): string {
    const micros = Math.max(Date.now() * 1000, this.lastMicros + 1);
    this.lastMicros = micros;
    const date = new Date(Math.floor(micros / 1000));
    const us = micros % 1_000_000;
    return (
      `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}-` +
      `${pad(date.getHours())}-${pad(date.getMinutes())}-${pad(date.getSeconds())}-${pad(us, 6)}.json`
    );
  }

  /** Writes the record to a temporary file; it becomes visible only with publish(). */
  stage(record: QueueRecord): string {
    const name = this.nextName();
    const tmp = `${name.slice(0, -'.json'.length)}.converting.tmp`;
    // 0600: a user's record carries its {crypt} password hash (decision 0225).
    writeFileSync(join(this.directory, tmp), pythonJson(record), { mode: 0o600 });
    this.staged.push({ tmp, final: name });
    return name;
  }

  get stagedCount(): number {
    return this.staged.length;
  }

  /** fsyncs every staged file and hands the list over (the caller records it as pending, then publishes). */
  syncStaged(): StagedFile[] {
    for (const { tmp } of this.staged) {
      const fd = openSync(join(this.directory, tmp), 'r');
      try {
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    }
    const files = this.staged;
    this.staged = [];
    return files;
  }

  /**
   * Hands the staged files over without fsyncing them (the Nubus source: its durable record is the SQLite row, and
   * the directory is fsynced once per published batch; decision 0340).
   */
  takeStaged(): StagedFile[] {
    const files = this.staged;
    this.staged = [];
    return files;
  }

  /** Renames staged files into place in name order (those already renamed are skipped), then fsyncs the directory. */
  publish(files: StagedFile[]): void {
    if (files.length === 0) return;
    for (const { tmp, final } of files) {
      try {
        renameSync(join(this.directory, tmp), join(this.directory, final));
      } catch (error) {
        // Already renamed before a crash: the roll-forward sees the final name and carries on.
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || !existsSync(join(this.directory, final))) throw error;
      }
    }
    this.syncDirectory();
  }

  /** Drops staged files after a failure; they were never visible. */
  discardStaged(): void {
    this.removeStaged(this.staged.map((file) => file.tmp));
    this.staged = [];
  }

  /** After a crash: temporary files nobody recorded as pending were never committed; remove them. */
  removeOrphans(pending: StagedFile[]): number {
    const keep = new Set(pending.map((file) => file.tmp));
    const orphans = readdirSync(this.directory).filter((name) => STAGED.test(name) && !keep.has(name));
    this.removeStaged(orphans);
    return orphans.length;
  }

  private removeStaged(names: string[]): void {
    for (const name of names) {
      try {
        unlinkSync(join(this.directory, name));
      } catch {
        // Already gone.
      }
    }
  }

  private syncDirectory(): void {
    const dir = openSync(this.directory, 'r');
    try {
      fsyncSync(dir);
    } finally {
      closeSync(dir);
    }
  }
}
