/**
 * Turns throughput results into the tables the issue asks for: objects/s per phase, SOAP calls per
 * object type, wall time, peak RSS, the physical limit and how close we are, the speed-up of the
 * default concurrency over concurrency 1, and the targets of issue 6 checked against the figures.
 */
import { callsByObjectType, totalCalls } from '../lib/stats.js';
import { physicalLimitPerSecond } from '../lib/limits.js';
import { fixed, mib, percent, renderTable, seconds, type Cell } from '../lib/table.js';
import { STARTUP_PHASE, type PhaseResult } from './throughput.js';

const TYPE_COLUMNS: Array<[string, string]> = [
  ['contexts', 'oxmail/oxcontext'],
  ['users', 'users/user'],
  ['groups', 'groups/group'],
  ['resources', 'oxresources/oxresources'],
  ['functional accounts', 'oxmail/functional_account'],
];

export interface ReportContext {
  latencyMs: number;
  /** The concurrency the connector uses when none is set. */
  defaultConcurrency: number;
}

const rate = (r: PhaseResult) => r.objects / (r.run.wallMs / 1000);

export class ThroughputReport {
  private readonly phases: PhaseResult[];
  private readonly startups: PhaseResult[];
  /**
   * Whether the connector reported SOAP call counts at all. Only then does an empty count mean
   * "no calls" (the no-op phase) rather than "not reported".
   */
  private readonly callsReported: boolean;

  constructor(
    results: PhaseResult[],
    private readonly c: ReportContext,
  ) {
    this.phases = results.filter((r) => r.phase !== STARTUP_PHASE);
    this.startups = results.filter((r) => r.phase === STARTUP_PHASE);
    this.callsReported = results.some((r) => r.run.stats.calls.size > 0);
  }

  private label(r: PhaseResult): string {
    return r.concurrencySetting === undefined ? `default (${this.c.defaultConcurrency})` : String(r.concurrencySetting);
  }

  private calls(r: PhaseResult): number | undefined {
    return this.callsReported ? totalCalls(r.run.stats.calls) : undefined;
  }

  private limit(r: PhaseResult): number | undefined {
    const calls = this.calls(r);
    if (calls === undefined) return undefined;
    const concurrency = r.concurrencySetting ?? this.c.defaultConcurrency;
    return physicalLimitPerSecond(concurrency, this.c.latencyMs, calls / r.objects);
  }

  throughputTable(): string {
    const rows: Cell[][] = this.phases.map((r) => {
      const calls = this.calls(r);
      const limit = this.limit(r);
      return [
        r.phase,
        this.label(r),
        fixed(r.objects),
        seconds(r.run.wallMs),
        fixed(rate(r), 0),
        fixed(calls),
        calls === undefined ? 'n/a' : fixed(calls / r.objects, 2),
        limit === Infinity ? '∞ (no calls)' : fixed(limit, 0),
        limit === undefined || limit === Infinity ? '–' : percent(rate(r) / limit),
        mib(r.run.peakRssKiB),
        r.run.exitCode === 0 && r.left === 0 ? 'ok' : `exit ${r.run.exitCode}, ${r.left} left`,
      ];
    });
    const headers = ['phase', 'concurrency', 'objects', 'wall time', 'objects/s', 'SOAP calls', 'calls/object'];
    headers.push('limit objects/s', 'of limit', 'peak RSS', 'result');
    return renderTable(headers, rows);
  }

  startupLine(): string {
    const parts = this.startups.map((r) => `${seconds(r.run.wallMs)} at concurrency ${this.label(r)}`);
    return `Connector start-up on an empty queue (included in every wall time): ${parts.join(', ')}.`;
  }

  /** Calls per object type, as "calls (calls per object of that type)". */
  callsPerTypeTable(): string {
    const rows = this.phases.map((r) => {
      const byType = callsByObjectType(r.run.stats.calls);
      const cells: Cell[] = [r.phase, this.label(r)];
      for (const [typeName, udmType] of TYPE_COLUMNS) {
        const objects = r.objectsByType.get(udmType) ?? 0;
        const calls = byType.get(typeName) ?? 0;
        if (!this.callsReported) cells.push('n/a');
        else if (objects === 0 && calls === 0) cells.push('–');
        else cells.push(objects === 0 ? fixed(calls) : `${fixed(calls)} (${fixed(calls / objects, 2)})`);
      }
      return cells;
    });
    return renderTable(['phase', 'concurrency', ...TYPE_COLUMNS.map(([name]) => name)], rows);
  }

  /** Every SOAP operation the connector reported, per phase, for one concurrency setting. */
  operationsTable(concurrencySetting: number | undefined): string {
    const runs = this.phases.filter((r) => r.concurrencySetting === concurrencySetting);
    const operations = [...new Set(runs.flatMap((r) => [...r.run.stats.calls.keys()]))].sort();
    if (operations.length === 0) return '(the connector reported no SOAP call counts in its --stats output)';
    const rows = operations.map((op) => [op, ...runs.map((r) => fixed(r.run.stats.calls.get(op) ?? 0))]);
    return renderTable(['operation', ...runs.map((r) => r.phase)], rows);
  }

  speedupTable(): string | undefined {
    const base = this.phases.filter((r) => r.concurrencySetting === 1);
    const defaults = this.phases.filter((r) => r.concurrencySetting === undefined);
    if (base.length === 0 || defaults.length === 0) return undefined;
    const rows = defaults.map((d) => {
      const b = base.find((x) => x.phase === d.phase);
      return [
        d.phase,
        b ? fixed(rate(b), 0) : 'n/a',
        fixed(rate(d), 0),
        b ? `${fixed(rate(d) / rate(b), 2)} ×` : 'n/a',
        // Concurrency overlaps waiting for OX; a phase without calls is CPU on one event loop at any setting.
        this.calls(d) === 0 ? '1 × (no calls)' : `${this.c.defaultConcurrency} ×`,
      ];
    });
    return renderTable(['phase', 'objects/s at 1', 'objects/s at default', 'default / concurrency 1', 'ideal'], rows);
  }

  /** Issue 6's targets, each with the measured figure and a verdict. */
  targetLines(): string[] {
    const at = (phase: string) => this.phases.find((r) => r.concurrencySetting === undefined && r.phase === phase);
    const usersPerObject = (r: PhaseResult | undefined) => {
      const objects = r?.objectsByType.get('users/user') ?? 0;
      if (!r || !this.callsReported || objects === 0) return undefined;
      return (callsByObjectType(r.run.stats.calls).get('users') ?? 0) / objects;
    };
    const verdict = (value: number | undefined, ok: (v: number) => boolean) =>
      value === undefined ? '? (not measured)' : ok(value) ? 'met' : 'MISSED';
    const lines: string[] = [];
    const initial = at('initial load');
    if (initial) {
      const limit = this.limit(initial);
      const share = limit === undefined ? undefined : rate(initial) / limit;
      lines.push(
        `initial load at the default concurrency within 70 % of the physical limit: ${percent(share)} → ${verdict(share, (v) => v >= 0.7)}`,
      );
      const create = usersPerObject(initial);
      lines.push(`user create = 1 call: ${fixed(create, 2)} → ${verdict(create, (v) => v <= 1)}`);
    }
    const change = usersPerObject(at('1-attribute changes'));
    lines.push(`one-attribute change = 1 call: ${fixed(change, 2)} → ${verdict(change, (v) => v <= 1)}`);
    const noop = at('no-op re-deliveries');
    const noopCalls = noop ? this.calls(noop) : undefined;
    lines.push(`no-op = 0 calls: ${fixed(noopCalls)} → ${verdict(noopCalls, (v) => v === 0)}`);
    return lines;
  }
}
