/** The table and explanation `npm run bench -- --ceiling` prints (decision 0064). */
import { cpus } from 'node:os';
import { physicalLimitPerSecond } from '../lib/limits.js';
import { fixed, percent, renderTable, seconds, type Cell } from '../lib/table.js';
import { usersPhaseRate } from '../lib/created-users.js';
import type { CeilingResult, CeilingRow, CeilingRowKind } from './ceiling.js';

const LABELS: Record<CeilingRowKind, string> = {
  'connector-emulator': '1. connector → emulator',
  'bare-emulator': '2. bare client → emulator',
  'connector-stub': '3. connector → replay stub (diagnostic, not an OX)',
  'bare-stub': '4. bare client → replay stub (diagnostic)',
};

const rate = (row: CeilingRow) => row.objects / (row.wallMs / 1000);
const usersRate = (row: CeilingRow) => usersPhaseRate(row.users, row.usersSpanMs);

/** The median of the defined values (the lower middle one for an even count); undefined when none. */
function median(values: Array<number | undefined>): number | undefined {
  const sorted = values.filter((v): v is number => v !== undefined).sort((a, b) => a - b);
  return sorted.length === 0 ? undefined : sorted[Math.floor((sorted.length - 1) / 2)];
}

const cpu = (ms: number | undefined) => (ms === undefined ? 'n/a' : seconds(ms));

/** CPU of both sides over wall time: near the machine's core count means the run was CPU-bound. */
function coresBusy(f: RowFigures): string {
  const total = f.sameProcess ? f.clientCpuMs : (f.clientCpuMs ?? NaN) + (f.serverCpuMs ?? NaN);
  return total === undefined || !Number.isFinite(total) ? 'n/a' : fixed(total / f.wallMs, 2);
}

/** CPU per SOAP call of each side: what one event loop spends on a call it must serve in turn. */
function cpuPerCallLine(figures: RowFigures[], calls: number): string {
  const per = (ms: number | undefined) => (ms === undefined ? 'n/a' : `${fixed(ms / calls, 2)} ms`);
  const parts = figures.map((f) => {
    const server = f.sameProcess ? 'both in one process' : `server ${per(f.serverCpuMs)}`;
    return `row ${LABELS[f.kind].slice(0, 1)}: client ${per(f.clientCpuMs)}, ${server}`;
  });
  return `CPU per SOAP call — ${parts.join('; ')}.`;
}

/** One kind's measurements reduced to the figures of the table (each the median over the rounds). */
interface RowFigures {
  kind: CeilingRowKind;
  rate: number;
  range: string;
  wallMs: number;
  usersRate?: number;
  clientCpuMs?: number;
  serverCpuMs?: number;
  sameProcess: boolean;
  outcome: string;
}

function figuresOf(kind: CeilingRowKind, rows: CeilingRow[]): RowFigures {
  const rates = rows.map(rate);
  return {
    kind,
    rate: median(rates) ?? NaN,
    range: `${fixed(Math.min(...rates), 0)}–${fixed(Math.max(...rates), 0)}`,
    wallMs: median(rows.map((r) => r.wallMs)) ?? NaN,
    usersRate: median(rows.map(usersRate)),
    clientCpuMs: median(rows.map((r) => r.clientCpuMs)),
    serverCpuMs: median(rows.map((r) => r.serverCpuMs)),
    sameProcess: rows.some((r) => r.sameProcess),
    outcome: rows.find((r) => r.outcome !== 'ok')?.outcome ?? 'ok',
  };
}

export function ceilingReport(r: CeilingResult): string {
  const callsPerObject = r.recordedCalls / r.objects;
  const limit = physicalLimitPerSecond(r.concurrency, r.latencyMs, callsPerObject);
  // One call per user create: the users phase alone could reach concurrency × 1000 / latency.
  const usersLimit = physicalLimitPerSecond(r.concurrency, r.latencyMs, 1);
  const kinds = Object.keys(LABELS) as CeilingRowKind[];
  const figures = kinds
    .map((kind) => r.rows.filter((row) => row.kind === kind))
    .filter((rows) => rows.length > 0)
    .map((rows) => figuresOf(rows[0].kind, rows));
  const several = r.rounds > 1;
  const cells = figures.map((f) => {
    const row: Cell[] = [LABELS[f.kind], fixed(f.rate, 0)];
    if (several) row.push(f.range);
    row.push(
      percent(f.rate / limit),
      seconds(f.wallMs),
      fixed(f.usersRate, 0),
      percent(f.usersRate === undefined ? undefined : f.usersRate / usersLimit),
      // What one user create took with `concurrency` in flight: the latency plus everything around it.
      f.usersRate === undefined ? 'n/a' : `${fixed((r.concurrency * 1000) / f.usersRate, 2)} ms`,
      cpu(f.clientCpuMs),
      f.sameProcess ? '(in client)' : cpu(f.serverCpuMs),
      coresBusy(f),
      f.outcome,
    );
    return row;
  });
  const headers = ['run', 'objects/s'];
  if (several) headers.push(`objects/s range`);
  headers.push('of physical limit', 'wall time', 'users phase users/s', 'users phase of limit');
  headers.push('ms per user create', 'client CPU', 'server CPU', 'cores busy', 'result');
  return [
    `Initial load: ${fixed(r.objects)} objects, concurrency ${r.concurrency}, latency ${r.latencyMs} ms per SOAP call; ` +
      `physical limit ${r.concurrency} × 1000 / (${r.latencyMs} ms × ${fixed(callsPerObject, 2)} calls per object) = ` +
      `${fixed(limit, 0)} objects/s, users phase ${fixed(usersLimit, 0)} users/s (1 call per user).` +
      (several ? ` Medians of ${r.rounds} rounds, rows interleaved.` : ''),
    '',
    renderTable(headers, cells),
    '',
    ...figures.map((f) => `${LABELS[f.kind]}: ${percent(f.rate / limit)} of the physical limit`),
    '',
    cpuPerCallLine(figures, r.recordedCalls),
    '',
    `Recorded ${fixed(r.recordedCalls)} SOAP requests (${fixed(r.recordedBytes / 1024 / 1024, 1)} MB); ` +
      `the connector counted ${fixed(r.connectorCalls)} in run 1.`,
    '',
    explanation(r.concurrency),
  ].join('\n');
}

const explanation = (concurrency: number) => `Columns
- Wall time includes the connector's process start in rows 1 and 3 (rows 2 and 4 have none); the users
  phase (users / time between the first and the last "Created user" log line, or user-create answer) does
  not, so it is the like-for-like figure. "ms per user create" = concurrency / users-phase rate: the latency
  plus everything around each call (HTTP, CPU, timers, waiting for a core).
- Client CPU: the connector process less its start-up (the CPU of a run on an empty queue), or the bare
  client; server CPU: the emulator process during the load, or the stub (rows 3 and 4 run the stub in the
  benchmark process; in row 4 the client's figure is both). Cores busy = CPU of both / wall time, on
  ${cpus().length} cores. Few cores busy in a slow row can still mean CPU: the emulator serves its calls on
  one event loop, so calls whose latency ends together wait for each other's CPU.

What the rows mean
- 1. connector → emulator: the normal benchmark's run, the figure the targets are measured on.
- 2. bare client → emulator: no connector at all. The exact requests of a recorded connector run, replayed
  against a fresh emulator by ${concurrency} node:http keep-alive loops in recorded order, each waiting for its
  answer before sending the next; a phase (context, users, groups, …) starts when the one before is answered,
  as in the connector. This is the ceiling any client reaches against this emulator on this machine:
  between it and the physical limit lie the emulator's CPU per call, HTTP and Node's timers, not the
  connector.
- 3. connector → replay stub: the same connector against a diagnostic stub (not an OX, not the emulator) that
  answers each call after the same latency with the emulator's recorded answer for that operation (fresh ids
  for creates). It costs almost no CPU, so this is the connector alone when OX is free.
- 4. bare client → replay stub: the replay of row 2 against that stub: what HTTP and Node's timers alone
  leave of the physical limit on this machine (a timer set to the latency fires a little late, and every
  round trip adds its own time to it).
Row 1 / row 2 is the share of the reachable ceiling the connector gets. Rows 3 and 4 are diagnostics only;
no target is measured against the stub.`;
