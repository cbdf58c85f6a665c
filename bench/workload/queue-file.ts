/**
 * The converted listener file exactly as UCS writes it (docs/reference/queue-files.md): five keys, Python
 * `json.dump(..., sort_keys=True, indent=4)` — so keys sorted at every level, four-space indent and
 * every non-ASCII character escaped as `\uXXXX` — named after the local time `%Y-%m-%d-%H-%M-%S-%f`.
 */

export type UdmObjectType =
  | 'oxmail/oxcontext'
  | 'oxmail/accessprofile'
  | 'users/user'
  | 'groups/group'
  | 'oxmail/functional_account'
  | 'oxresources/oxresources';

/** A UDM property value in ListenerUDMVersion 1 encoding: strings, lists of strings, nested lists, null. */
export type UdmValue = string | null | UdmValue[];

export type UdmObject = Record<string, UdmValue>;

export interface QueueRecord {
  dn: string;
  /** entryUUID of the object. */
  id: string;
  /** UDM properties, or `null` for a delete. */
  object: UdmObject | null;
  /** Enabled UDM options, or `null` for a delete. */
  options: string[] | null;
  udm_object_type: UdmObjectType;
}

function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (value !== null && typeof value === 'object') {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort(comparePythonKeys)) {
      sorted[key] = sortKeysDeep((value as Record<string, unknown>)[key]);
    }
    return sorted;
  }
  return value;
}

/** Python sorts str keys by code point; JS `sort()` compares UTF-16 units — equal for the BMP keys UDM uses. */
function comparePythonKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Python's `ensure_ascii=True`: every code unit above 0x7F becomes a lower-case `\uXXXX` escape. */
function escapeNonAscii(json: string): string {
  return json.replace(/[\u0080-\uffff]/g, (ch) => '\\u' + ch.charCodeAt(0).toString(16).padStart(4, '0'));
}

/** The file content, byte for byte as the UCS listener converter writes it (no trailing newline). */
export function serializeQueueFile(record: QueueRecord): string {
  return escapeNonAscii(JSON.stringify(sortKeysDeep(record), null, 4));
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/**
 * Hands out queue file names in the listener's timestamp format, strictly increasing, starting at a
 * fixed instant (deterministic: the same workload always gets the same names). Each name is
 * `stepMicros` after the previous one, like a listener writing a burst of changes.
 */
export class QueueFileNamer {
  private micros: bigint;

  constructor(
    start: Date = new Date(Date.UTC(2024, 4, 2, 14, 3, 7)),
    private readonly stepMicros = 137,
  ) {
    this.micros = BigInt(start.getTime()) * 1000n;
  }

  next(): string {
    const name = QueueFileNamer.format(this.micros);
    this.micros += BigInt(this.stepMicros);
    return name;
  }

  /** `YYYY-MM-DD-HH-MM-SS-ffffff.json` (UTC, so names do not depend on the machine's time zone). */
  static format(micros: bigint): string {
    const date = new Date(Number(micros / 1000n));
    const fraction = Number(micros % 1_000_000n);
    return (
      [
        pad(date.getUTCFullYear(), 4),
        pad(date.getUTCMonth() + 1, 2),
        pad(date.getUTCDate(), 2),
        pad(date.getUTCHours(), 2),
        pad(date.getUTCMinutes(), 2),
        pad(date.getUTCSeconds(), 2),
        pad(fraction, 6),
      ].join('-') + '.json'
    );
  }
}
