// The data directory lock (decision 0206) in one process: what the lock file says, and the refusal texts.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { acquireRunnerLock, arbiterPath } from '../../../src/engine/lock.js';

const require = createRequire(import.meta.url);

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

// Two processes that try the lock at one instant both hold SQLite's SHARED lock for a moment on their way to the
// exclusive one; each then sees the other and, answering at once, both gave up: nobody held the lock (CI, one trial
// in 50 of test/integration/lock/lock-race.test.ts). A contender that is merely passing through is waited for.
it('is taken when another process only passes through the arbiter for a moment, not refused', async () => {
  const dir = fresh();
  acquireRunnerLock(dir)(); // the arbiter file exists, as after any earlier run
  const passer = new Worker(
    `const Database = require(${JSON.stringify(require.resolve('better-sqlite3'))});
     const { parentPort, workerData } = require('node:worker_threads');
     const db = new Database(workerData);
     db.exec('BEGIN');
     db.prepare('SELECT count(*) FROM sqlite_master').get(); // holds SHARED, as a contender on its way does
     parentPort.postMessage('passing');
     setTimeout(() => { db.exec('COMMIT'); db.close(); }, 100);`,
    { eval: true, workerData: arbiterPath(join(dir, 'ox-connector.lock')) },
  );
  await new Promise((passing) => passer.once('message', passing));
  try {
    const release = acquireRunnerLock(dir);
    release();
  } finally {
    await passer.terminate();
  }
});
