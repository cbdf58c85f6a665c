// Listener queue files as the UCS converter writes them (one JSON object per change, sorted keys, 4-space
// indent), named so that they sort in the order written. Shared by the unit tests that run the engine over a
// directory and by the end-to-end harness (e2e.ts).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export class QueueWriter {
  private seq = 0;

  /** `stamp`: the date-time part of every file name (yyyy-mm-dd-hh-mm-ss); the sequence number follows it. */
  constructor(
    private readonly listenerDir: string,
    private readonly stamp = '2024-01-01-00-00-00',
  ) {}

  /** Writes one change (`object` null = deleted) and returns the file's name. */
  write(id: string, type: string, dn: string, object: Record<string, unknown> | null): string {
    this.seq++;
    const name = `${this.stamp}-${String(this.seq).padStart(6, '0')}.json`;
    const body = { dn, id, object, options: object ? ['default'] : null, udm_object_type: type };
    writeFileSync(join(this.listenerDir, name), JSON.stringify(body, null, 4));
    return name;
  }
}
