import { describe, expect, it } from 'vitest';
import { callsByObjectType, parseRunStats, totalCalls } from '../../../bench/lib/stats.js';
import { physicalLimitPerSecond } from '../../../bench/lib/limits.js';
import { percentile } from '../../../bench/lib/percentiles.js';
import { ThroughputReport } from '../../../bench/scenarios/throughput-report.js';

describe('benchmark: reading `run --once --stats`', () => {
  it('reads the summary and the per-operation SOAP counts printed after the log lines', () => {
    const output = [
      '2026-11-27T05:41:53.018Z INFO     [fa1f] Changed user victoria.collins in context 10\t| fields=title',
      'processed=5001 failed=2 left=357',
      'soap OXContextService.create=1',
      'soap OXUserService.createByModuleAccess=5000',
      'soap OXGroupService.create=200',
      'soap total=5201',
    ].join('\n');
    const stats = parseRunStats(output);
    expect(stats).toMatchObject({ processed: 5001, failed: 2, left: 357 });
    expect([...stats.calls]).toEqual([
      ['OXContextService.create', 1],
      ['OXUserService.createByModuleAccess', 5000],
      ['OXGroupService.create', 200],
    ]);
    expect(totalCalls(stats.calls)).toBe(5201);
    expect(Object.fromEntries(callsByObjectType(stats.calls))).toEqual({ contexts: 1, users: 5000, groups: 200 });
  });

  it('also reads a JSON stats line, and reports nothing it cannot find', () => {
    const json = parseRunStats('{"processed":3,"failed":0,"left":0,"soapCalls":{"OXUserService":{"change":3}}}');
    expect(json.processed).toBe(3);
    expect([...json.calls]).toEqual([['OXUserService.change', 3]]);
    const none = parseRunStats('ox-connector: configuration: OX_SOAP_SERVER is not set');
    expect(none.processed).toBeUndefined();
    expect(none.calls.size).toBe(0);
  });

  it('computes the physical limit and nearest-rank percentiles', () => {
    expect(physicalLimitPerSecond(8, 5, 1)).toBe(1600);
    expect(physicalLimitPerSecond(1, 5, 2)).toBe(100);
    expect(physicalLimitPerSecond(8, 5, 0)).toBe(Infinity);
    expect(percentile([5, 1, 4, 2, 3], 50)).toBe(3);
    expect(
      percentile(
        [...Array(20).keys()].map((i) => i + 1),
        95,
      ),
    ).toBe(19);
  });
});

describe('benchmark: the speed-up table', () => {
  const phase = (name: string, concurrencySetting: number | undefined, wallMs: number, calls: number) => ({
    phase: name,
    concurrencySetting,
    objects: 1000,
    objectsByType: new Map([['users/user', 1000]]),
    run: {
      exitCode: 0,
      wallMs,
      peakRssKiB: 0,
      stats: { calls: new Map(calls > 0 ? [['OXUserService.change', calls]] : []) },
      logFile: '',
    },
    left: 0,
  });

  it('holds a phase with SOAP calls to the concurrency, and one without calls to 1 ×', () => {
    const report = new ThroughputReport(
      [
        phase('changes', 1, 4000, 1000),
        phase('no-ops', 1, 200, 0),
        phase('changes', undefined, 1000, 1000),
        phase('no-ops', undefined, 250, 0),
      ],
      { latencyMs: 5, defaultConcurrency: 8 },
    );
    const rows = report.speedupTable()!.split('\n');
    const row = (name: string) =>
      rows
        .find((r) => r.startsWith(`| ${name} `))!
        .split('|')
        .map((c) => c.trim());
    expect(row('changes').slice(3, 6)).toEqual(['1,000', '4.00 ×', '8 ×']);
    expect(row('no-ops').slice(3, 6)).toEqual(['4,000', '0.80 ×', '1 × (no calls)']);
  });
});
