// The plugin verdict of `check` (decision 0290): the worst state of every problem, one line with perfdata.
import { expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS, evaluate, type CheckFigures } from '../../../src/ops/check.js';

const quiet: CheckFigures = {
  dataDir: '/var/lib/univention-appcenter/apps/ox-connector/data',
  queue: 0,
  parked: 0,
  held: 0,
  oldestAgeSeconds: 0,
  consecutiveErrors: 0,
  lock: { held: false },
};
const runner = { held: true, pid: 42, kind: 'ox-connector runner' };

it('is OK with nothing queued, runner or not', () => {
  expect(evaluate(quiet, DEFAULT_THRESHOLDS)).toEqual({
    state: 0,
    line: 'OX-CONNECTOR OK - queue 0, parked 0 | queue=0 parked=0 oldest=0s',
  });
  expect(evaluate({ ...quiet, queue: 3, oldestAgeSeconds: 2, lock: runner }, DEFAULT_THRESHOLDS).state).toBe(0);
});

it('is CRITICAL with work queued and nobody holding the data directory; WARNING while an admin command does', () => {
  const r = evaluate({ ...quiet, queue: 3 }, DEFAULT_THRESHOLDS);
  expect(r.state).toBe(2);
  expect(r.line).toMatch(/^OX-CONNECTOR CRITICAL - queue 3, parked 0: no runner holds .* start the connector/);
  const admin = { held: true, pid: 7, kind: 'ox-connector cache rebuild' };
  expect(evaluate({ ...quiet, queue: 3, lock: admin }, DEFAULT_THRESHOLDS).line).toMatch(
    /^OX-CONNECTOR WARNING - .*ox-connector cache rebuild \(PID 7\) holds/,
  );
});

it('parked objects, failed attempts and age raise the state; the worst wins', () => {
  const t = { warnAgeSeconds: 60, critAgeSeconds: 600 };
  expect(evaluate({ ...quiet, queue: 1, parked: 1, held: 2, lock: runner }, t).line).toBe(
    'OX-CONNECTOR WARNING - queue 1, parked 1, held 2: 1 object(s) parked: see ox-connector tasks list --status parked | queue=1 parked=1 oldest=0s',
  );
  expect(evaluate({ ...quiet, consecutiveErrors: 2, lock: runner }, t).state).toBe(1);
  expect(evaluate({ ...quiet, queue: 1, oldestAgeSeconds: 60, lock: runner }, t).state).toBe(1);
  expect(evaluate({ ...quiet, queue: 1, parked: 1, oldestAgeSeconds: 600, lock: runner }, t).state).toBe(2);
});

it('keeps a "|" in the data directory out of the perfdata', () => {
  const r = evaluate({ ...quiet, dataDir: '/srv/a|b', queue: 1 }, DEFAULT_THRESHOLDS);
  expect(r.line.split('|')).toHaveLength(2);
});
