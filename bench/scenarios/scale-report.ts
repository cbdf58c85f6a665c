/** The figures of `npm run bench -- --scale N` and issue 19's targets checked against them. */
import { totalCalls } from '../lib/stats.js';
import { physicalLimitPerSecond } from '../lib/limits.js';
import { percentile } from '../lib/percentiles.js';
import { fixed, mib, percent, renderTable } from '../lib/table.js';
import type { ScaleResult } from './scale.js';

const HOUR_MS = 3_600_000;
const RSS_TARGET_KIB = 500 * 1024;
const CHANGE_P95_TARGET_MS = 1000;

export function scaleReport(r: ScaleResult, defaultConcurrency: number): string {
  const concurrency = r.concurrency ?? defaultConcurrency;
  const wall = r.initial.wallMs;
  const rate = r.objects / (wall / 1000);
  const calls = totalCalls(r.initial.stats.calls);
  // The issue's limit: every call takes the latency, `concurrency` calls at a time.
  const callLimit = physicalLimitPerSecond(concurrency, r.latencyMs, 1);
  const objectLimit = calls > 0 ? physicalLimitPerSecond(concurrency, r.latencyMs, calls / r.objects) : undefined;
  const p = (q: number) => percentile(r.changeMs, q);
  const max = r.changeMs.length ? Math.max(...r.changeMs) : NaN;
  const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
  const hours = (ms: number) => `${(ms / 1000).toFixed(0)} s (${(ms / 60_000).toFixed(1)} min)`;
  const lines = [
    `Scale run: ${fixed(r.size.users)} users in 10 contexts, ${fixed(r.size.groups)} groups × 50 members, ` +
      `${fixed(r.size.resources)} resources (${fixed(r.objects)} queue files, ${(r.queueBytes / 2 ** 30).toFixed(2)} GiB ` +
      `on disk, generated in ${(r.generateMs / 1000).toFixed(0)} s); emulator latency ${r.latencyMs} ms; ` +
      `OX_CONNECTOR_CONCURRENCY ${r.concurrency ?? `default (${defaultConcurrency})`}`,
    '',
    renderTable(
      ['initial load', 'figure'],
      [
        ['wall time (process start to exit)', hours(wall)],
        ['objects/s', fixed(rate, 0)],
        [`physical limit, ${concurrency} × 1000 / ${r.latencyMs} ms (calls/s)`, fixed(callLimit, 0)],
        ['SOAP calls (per object)', `${fixed(calls)} (${calls > 0 ? (calls / r.objects).toFixed(2) : 'n/a'})`],
        [
          'physical limit in objects/s (of it reached)',
          objectLimit ? `${fixed(objectLimit, 0)} (${percent(rate / objectLimit)})` : 'n/a',
        ],
        ['connector peak RSS (VmHWM)', mib(r.initial.peakRssKiB)],
        ['store on disk (db + wal + shm)', `${(r.storeBytes / 2 ** 20).toFixed(0)} MiB`],
        [
          'time to the first object in OX',
          r.firstObjectMs === undefined ? 'n/a' : `${(r.firstObjectMs / 1000).toFixed(1)} s`,
        ],
        ['emulator peak RSS (VmHWM, whole run)', mib(r.emulatorPeakRssKiB)],
        ['load average after', r.loadAfterInitial],
      ],
    ),
    '',
    `Changes: ${fixed(r.changeMs.length)} one-attribute changes (title) against the full store at ${r.changeRate}/s, ` +
      'long-running `ox-connector run`; time from the queue file in place to the connector removing it after OX answered',
    '',
    renderTable(
      ['p50 ms', 'p95 ms', 'max ms', 'connector peak RSS', 'read back from OX (sample)'],
      [
        [
          fixed(p(50), 0),
          fixed(p(95), 0),
          fixed(max, 0),
          mib(r.changePeakRssKiB),
          `${r.verified.equal} of ${r.verified.read} equal`,
        ],
      ],
    ),
    '',
    'Targets (issue 19)',
    `- initial load under 1 hour: ${hours(wall)} → ${verdict(wall < HOUR_MS)}`,
    `- connector peak RSS under 500 MB: ${mib(Math.max(r.initial.peakRssKiB, r.changePeakRssKiB))} → ` +
      verdict(Math.max(r.initial.peakRssKiB, r.changePeakRssKiB) < RSS_TARGET_KIB),
    `- change reaches OX within 1 s at p95: ${fixed(p(95), 0)} ms → ${verdict(p(95) < CHANGE_P95_TARGET_MS)}`,
    `- changes read back from OX equal: ${r.verified.equal} of ${r.verified.read} → ${verdict(r.verified.equal === r.verified.read)}`,
    `(load average after the changes: ${r.loadAfterChanges})`,
  ];
  return lines.join('\n');
}
