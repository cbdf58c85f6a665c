// probeRunnerLock: tells whether the data directory lock is held, and by whom, without taking it or creating files.
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { acquireRunnerLock } from '../../../src/engine/lock.js';
import { probeRunnerLock } from '../../../src/engine/lock-probe.js';

const fresh = () => mkdtempSync(join(tmpdir(), 'oxc-lock-probe-'));

it('a data directory never locked is not held, and the probe creates nothing in it', () => {
  const dir = fresh();
  expect(probeRunnerLock(dir)).toEqual({ held: false });
  expect(readdirSync(dir)).toEqual([]);
});

it('names the holder while held; free again after release, and the probe never keeps anyone out', () => {
  const dir = fresh();
  const release = acquireRunnerLock(dir, undefined, 'ox-connector cache rebuild');
  try {
    expect(probeRunnerLock(dir)).toEqual({ held: true, pid: process.pid, kind: 'ox-connector cache rebuild' });
  } finally {
    release();
  }
  expect(probeRunnerLock(dir)).toEqual({ held: false });
  // The probe took nothing: the lock can be taken at once after it.
  const again = acquireRunnerLock(dir);
  again();
  expect(existsSync(join(dir, 'ox-connector.lock'))).toBe(false);
});
