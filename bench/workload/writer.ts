/**
 * Puts records into a listener directory the way the UCS converter does: one file per record,
 * named by timestamp, written under a temporary name and renamed into place (a watching
 * connector must never see half a file).
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { QueueFileNamer, serializeQueueFile, type QueueRecord } from './queue-file.js';

export class QueueDirectoryWriter {
  private written = 0;

  constructor(
    readonly directory: string,
    private readonly namer = new QueueFileNamer(),
  ) {
    mkdirSync(directory, { recursive: true });
  }

  /** Writes one record and returns its file name. */
  write(record: QueueRecord): string {
    const name = this.namer.next();
    const temporary = join(this.directory, `${name}.converting.tmp`);
    writeFileSync(temporary, serializeQueueFile(record));
    renameSync(temporary, join(this.directory, name));
    this.written++;
    return name;
  }

  writeAll(records: Iterable<QueueRecord>): number {
    let n = 0;
    for (const record of records) {
      this.write(record);
      n++;
    }
    return n;
  }

  get count(): number {
    return this.written;
  }
}
