/**
 * Reads what `ox-connector run --once --stats` printed: the one-line summary (processed / failed /
 * left) and the SOAP call counts per operation. The engine's exact layout may evolve, so this
 * accepts either a JSON object on one line (numbers found under a key naming calls, keyed
 * `OXUserService.create` or nested `{ OXUserService: { create: n } }`) or text pairs
 * `OXUserService.create=5000`. What it cannot find it leaves out; the report then says "n/a".
 */

export interface RunStats {
  processed?: number;
  failed?: number;
  left?: number;
  /** SOAP calls per `Service.operation`. Empty when the connector reported none. */
  calls: Map<string, number>;
}

const SERVICE_TYPES: Record<string, string> = {
  OXContextService: 'contexts',
  OXUserService: 'users',
  OXUserCopyService: 'users',
  OXGroupService: 'groups',
  OXResourceService: 'resources',
  OXSecondaryAccountService: 'functional accounts',
  OXUtilService: 'util',
};

/** The object type a SOAP operation belongs to (by its service), for the per-type table. */
export function objectTypeOf(operation: string): string {
  const service = operation.split('.')[0];
  return SERVICE_TYPES[service] ?? service;
}

export function callsByObjectType(calls: Map<string, number>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [operation, n] of calls) out.set(objectTypeOf(operation), (out.get(objectTypeOf(operation)) ?? 0) + n);
  return out;
}

export function totalCalls(calls: Map<string, number>): number {
  let sum = 0;
  for (const n of calls.values()) sum += n;
  return sum;
}

export function parseRunStats(output: string): RunStats {
  const stats: RunStats = { calls: new Map() };
  const lines = output.split('\n').map((l) => l.trim());
  for (const line of lines.slice().reverse()) {
    if (line.startsWith('{') && line.endsWith('}')) {
      try {
        readJsonStats(JSON.parse(line), stats);
        if (stats.calls.size > 0 || stats.processed !== undefined) break;
      } catch {
        // Not JSON after all: a log line that happens to look like it.
      }
    }
  }
  if (stats.calls.size === 0) {
    for (const match of output.matchAll(/\b(OX[A-Za-z]+Service)[./:]([A-Za-z]+)\s*[=:]\s*(\d+)/g)) {
      stats.calls.set(`${match[1]}.${match[2]}`, Number(match[3]));
    }
  }
  if (stats.processed === undefined) {
    const summary = lines.filter((l) => /\bprocessed\b/i.test(l) && /\bfailed\b/i.test(l)).at(-1);
    if (summary) {
      stats.processed = numberAfter(summary, 'processed');
      stats.failed = numberAfter(summary, 'failed');
      stats.left = numberAfter(summary, 'left');
    }
  }
  return stats;
}

function numberAfter(text: string, word: string): number | undefined {
  const after = new RegExp(`\\b${word}\\b\\W{0,3}(\\d+)`, 'i').exec(text);
  if (after) return Number(after[1]);
  const before = new RegExp(`(\\d+)\\s+${word}\\b`, 'i').exec(text);
  return before ? Number(before[1]) : undefined;
}

function readJsonStats(json: unknown, stats: RunStats): void {
  if (!json || typeof json !== 'object') return;
  const walk = (value: unknown, path: string[]) => {
    if (typeof value === 'number') {
      record(path, value, stats);
      return;
    }
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [key, child] of Object.entries(value)) walk(child, [...path, key]);
    }
  };
  walk(json, []);
}

function record(path: string[], value: number, stats: RunStats): void {
  const last = path.at(-1) ?? '';
  const serviceAt = path.findIndex((p) => /^OX[A-Za-z]+Service/.test(p));
  if (serviceAt >= 0) {
    stats.calls.set(path.slice(serviceAt).join('.'), value);
    return;
  }
  if (path.length === 1 && /^processed$/i.test(last)) stats.processed = value;
  else if (path.length === 1 && /^failed$/i.test(last)) stats.failed = value;
  else if (path.length === 1 && /^left$/i.test(last)) stats.left = value;
}
