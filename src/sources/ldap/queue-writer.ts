// Writes change records as UCS listener-converter queue files: <data dir>/listener/<%Y-%m-%d-%H-%M-%S-%f>.json,
// five keys, sorted, 4-space indent, non-ASCII escaped (directory-model §1.3). Files are staged as
// <name>.converting.tmp (not *.json, so the engine never sees half a file), then fsynced, renamed in name
// order and the directory fsynced, before the caller commits its cursor.
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { UdmObject, UdmObjectType } from './object-model.js';

export interface QueueRecord {
  id: string;
  dn: string;
  udm_object_type: UdmObjectType;
  object: UdmObject | null;
  options: string[] | null;
}

const NAME = /^(\d{4})-(\d{2})-(\d{2})-(\d{2})-(\d{2})-(\d{2})-(\d{6})\.json$/;

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
  private staged: { tmp: string; final: string }[] = [];

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

  /** Writes the record to a temporary file; it becomes visible only with commitStaged(). */
  stage(record: QueueRecord): string {
    const name = this.nextName();
    const final = join(this.directory, name);
    const tmp = `${final.slice(0, -'.json'.length)}.converting.tmp`;
    writeFileSync(tmp, pythonJson(record));
    this.staged.push({ tmp, final });
    return name;
  }

  get stagedCount(): number {
    return this.staged.length;
  }

  /** fsync every staged file, rename them in order, fsync the directory. Synchronous on purpose (see consumer). */
  commitStaged(): void {
    if (this.staged.length === 0) return;
    for (const { tmp } of this.staged) {
      const fd = openSync(tmp, 'r');
      try {
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    }
    for (const { tmp, final } of this.staged) renameSync(tmp, final);
    const dir = openSync(this.directory, 'r');
    try {
      fsyncSync(dir);
    } finally {
      closeSync(dir);
    }
    this.staged = [];
  }

  /** Drops staged files after a failure; they were never visible. */
  discardStaged(): void {
    for (const { tmp } of this.staged) {
      try {
        unlinkSync(tmp);
      } catch {
        // Already gone.
      }
    }
    this.staged = [];
  }
}
