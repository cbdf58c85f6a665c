// What `run --once` prints at the end: the summary line the original's tests and scripts read, or with --json one
// JSON document (decision 0303; its shape is documented in the README, "run --once --json").
import type { RunSummary } from '../engine/runner.js';
import { printableJson } from '../ops/log.js';

/** --stats: the SOAP calls per operation ("OXUserService.create"), peak RSS and the process's age. */
export interface RunStats {
  soapCalls: Record<string, number>;
  soapTotal: number;
  peakRssKib: number;
  wallMs: number;
}

export interface RunOnceReport extends RunSummary {
  stats?: RunStats;
}

export function runStats(callCounts: ReadonlyMap<string, number>): RunStats {
  const counts = [...callCounts.entries()].sort(([a], [b]) => a.localeCompare(b));
  return {
    soapCalls: Object.fromEntries(counts),
    soapTotal: counts.reduce((n, [, c]) => n + c, 0),
    // For the benchmark and capacity planning: the process's high-water mark and its age (start included).
    peakRssKib: process.resourceUsage().maxRSS,
    wallMs: Math.round(performance.now()),
  };
}

/** The lines `run --once` prints: `processed=… failed=… left=…`, then with --stats `soap <op>=<n>`, … */
export function runOnceText(report: RunOnceReport): string {
  const lines = [`processed=${report.processed} failed=${report.failed} left=${report.left}`];
  const { stats } = report;
  if (stats) {
    for (const [op, n] of Object.entries(stats.soapCalls)) lines.push(`soap ${op}=${n}`);
    lines.push(`soap total=${stats.soapTotal}`, `peak_rss_kib=${stats.peakRssKib}`, `wall_ms=${stats.wallMs}`);
  }
  return lines.join('\n');
}

export function runOnceOutput(report: RunOnceReport, json: boolean): string {
  return json ? printableJson(report) : runOnceText(report);
}
