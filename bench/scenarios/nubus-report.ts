/** The report of the Nubus benchmark (bench/scenarios/nubus.ts): both runs side by side and their ratios. */
import { fixed, mib, renderTable, seconds } from '../lib/table.js';
import type { NubusRunResult } from './nubus.js';

const perSecond = (count: number, ms: number) => count / (ms / 1000);

export function nubusReport(results: NubusRunResult[], latencyMs: number): string {
  const rows = results.map((r) => [
    r.mode,
    `${fixed(r.staged)} / ${fixed(r.messages)}`,
    fixed(perSecond(r.staged, r.stagedMs), 1),
    fixed(perSecond(r.provisioned, r.wallMs), 1),
    seconds(r.wallMs) + (r.stoppedByLimit ? ' (limit)' : ''),
    fixed(r.backlogPeak),
    mib(r.rssAtBacklogPeakKiB),
    mib(r.peakRssKiB),
  ]);
  const lines = [
    `Nubus source: initial load as Provisioning API messages (TEST STAND-IN on nats-server), latency ${latencyMs} ms per SOAP call`,
    '',
    renderTable(
      [
        'mode',
        'staged',
        'staged msg/s',
        'provisioned obj/s',
        'wall time',
        'backlog peak',
        'RSS at backlog peak',
        'peak RSS',
      ],
      rows,
    ),
    '',
    'staged msg/s: messages acknowledged (durably staged) per second until the stream was empty. provisioned obj/s: ' +
      'objects in OX per second of wall time (from the connector start). backlog: changes staged but not yet provisioned.',
  ];
  const [concurrent, one] = results;
  if (concurrent && one) {
    const ratio = (a: number, b: number) => (b > 0 ? `${fixed(a / b, 1)}×` : 'n/a');
    lines.push(
      '',
      `Ratios (concurrent / one at a time): staging ${ratio(perSecond(concurrent.staged, concurrent.stagedMs), perSecond(one.staged, one.stagedMs))}, ` +
        `provisioning ${ratio(perSecond(concurrent.provisioned, concurrent.wallMs), perSecond(one.provisioned, one.wallMs))}` +
        (one.stoppedByLimit
          ? ` (the one-at-a-time run was stopped after ${seconds(one.wallMs)}; its rates are over the ${fixed(one.provisioned)} objects it did)`
          : ''),
      concurrent.stagedMs < concurrent.wallMs * 0.9
        ? `Staging kept up while provisioning lagged: the stream was empty after ${seconds(concurrent.stagedMs)}, ` +
            `provisioning finished after ${seconds(concurrent.wallMs)}; up to ${fixed(concurrent.backlogPeak)} changes ` +
            `waited on disk, with ${mib(concurrent.rssAtBacklogPeakKiB)} RSS then and ${mib(concurrent.peakRssKiB)} at the peak.`
        : `Provisioning kept up with staging (at most ${fixed(concurrent.backlogPeak)} changes waited; peak RSS ` +
            `${mib(concurrent.peakRssKiB)}): the intake from the API set the pace, not OX. A higher --latency-ms makes ` +
            'provisioning lag behind staging.',
    );
  }
  return lines.join('\n');
}
