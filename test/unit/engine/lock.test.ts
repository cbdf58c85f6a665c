// The data directory lock (decision 0206) in one process: what the lock file says, and the refusal texts.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { acquireRunnerLock } from '../../../src/engine/lock.js';

const fresh = () => mkdtempSync(join(tmpdir(), 'oxc-lock-unit-'));

it('names the holder in the lock file while held, and removes it on release', () => {
  const dir = fresh();
  const release = acquireRunnerLock(dir, undefined, 'ox-connector cache rebuild');
  expect(readFileSync(join(dir, 'ox-connector.lock'), 'utf8')).toBe(`${process.pid}\nox-connector cache rebuild\n`);
  release();
  expect(existsSync(join(dir, 'ox-connector.lock'))).toBe(false);
});

it('refuses a runner while an administrator command holds it, naming the command and its PID', () => {
  const dir = fresh();
  const release = acquireRunnerLock(dir, undefined, 'ox-connector cache rebuild');
  try {
    expect(() => acquireRunnerLock(dir)).toThrow(
      `ox-connector cache rebuild (PID ${process.pid}) is working on ${dir}; wait until it has finished`,
    );
  } finally {
    release();
  }
  acquireRunnerLock(dir)(); // free again
});

it('a lock file naming a dead or no PID is no lock: it is overwritten', () => {
  const dir = fresh();
  writeFileSync(join(dir, 'ox-connector.lock'), '0\n');
  const release = acquireRunnerLock(dir);
  expect(readFileSync(join(dir, 'ox-connector.lock'), 'utf8')).toBe(`${process.pid}\nox-connector runner\n`);
  release();
});
