/** The table and explanation `npm run bench -- --ceiling` prints (decision 0064). */
import { physicalLimitPerSecond } from '../lib/limits.js';
import { fixed, percent, renderTable, seconds } from '../lib/table.js';
import { usersPhaseRate } from '../lib/created-users.js';
import type { CeilingResult, CeilingRow, CeilingRowKind } from './ceiling.js';

const LABELS: Record<CeilingRowKind, string> = {
  'connector-emulator': '1. connector → emulator',
  'bare-emulator': '2. bare client → emulator',
  'connector-stub': '3. connector → replay stub (diagnostic, not an OX)',
};

const rate = (row: CeilingRow) => row.objects / (row.wallMs / 1000);

export function ceilingReport(r: CeilingResult): string {
  const callsPerObject = r.recordedCalls / r.objects;
  const limit = physicalLimitPerSecond(r.concurrency, r.latencyMs, callsPerObject);
  // One call per user create: the users phase alone could reach concurrency × 1000 / latency.
  const usersLimit = physicalLimitPerSecond(r.concurrency, r.latencyMs, 1);
  const rows = r.rows.map((row) => {
    const users = usersPhaseRate(row.users, row.usersSpanMs);
    return [
      LABELS[row.kind],
      fixed(rate(row), 0),
      percent(rate(row) / limit),
      seconds(row.wallMs),
      fixed(users, 0),
      percent(users === undefined ? undefined : users / usersLimit),
      row.outcome,
    ];
  });
  const table = renderTable(
    ['run', 'objects/s', 'of physical limit', 'wall time', 'users phase users/s', 'users phase of limit', 'result'],
    rows,
  );
  const shares = r.rows.map((row) => `${LABELS[row.kind]}: ${percent(rate(row) / limit)} of the physical limit`);
  return [
    `Initial load: ${fixed(r.objects)} objects, concurrency ${r.concurrency}, latency ${r.latencyMs} ms per SOAP call; ` +
      `physical limit ${r.concurrency} × 1000 / (${r.latencyMs} ms × ${fixed(callsPerObject, 2)} calls per object) = ` +
      `${fixed(limit, 0)} objects/s, users phase ${fixed(usersLimit, 0)} users/s (1 call per user).`,
    '',
    table,
    '',
    ...shares,
    '',
    `Recorded ${fixed(r.recordedCalls)} SOAP requests; the connector counted ${fixed(r.connectorCalls)} in run 1.`,
    '',
    explanation(r.concurrency),
  ].join('\n');
}

const explanation = (concurrency: number) => `What the rows mean
- 1. connector → emulator: the normal benchmark's run (the figure the targets are measured on). Wall time
  includes the connector's process start; the users-phase rate (users / time between the first and the last
  "Created user" log line) does not.
- 2. bare client → emulator: no connector at all. The exact requests of a recorded connector run, replayed
  against a fresh emulator by ${concurrency} node:http keep-alive loops in recorded order, each waiting for its
  answer before sending the next (and, like the connector, not before the answers it had waited for). Its
  users phase is the time between the first and the last user-create answer. This is the ceiling any client
  reaches against this emulator on this machine: the gap between it and the physical limit is the emulator's
  CPU per call and the timer and HTTP overhead of each round trip, not the connector.
- 3. connector → replay stub: the same connector against a diagnostic stub (not an OX, not the emulator) that
  answers each call after the same latency with the emulator's recorded answer for that operation (fresh ids
  for creates). It costs almost no CPU, so this is the connector alone when OX is free. Targets are never
  measured against it.
Row 1 / row 2 is the share of the reachable ceiling the connector gets; row 3 against the limit shows what
the connector's own CPU and scheduling cost when nothing else competes for the CPUs.`;
