// Issue 17 item 6 (decision 0302): an initial load of many queue files logs how far it is. The emulator answers
// every call after 10 ms and the connector makes one call at a time, so provisioning PROGRESS_MIN_QUEUED + 20 users
// takes longer than one progress interval whatever the machine's speed: the line must appear.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/index.js';
import { PROGRESS_INTERVAL_MS, PROGRESS_MIN_QUEUED } from '../../../src/ops/progress.js';
import { MASTER_PASSWORD, setupContexts, udmUser, userDn } from '../../helpers/e2e.js';

const LATENCY_MS = 10;
const USERS = PROGRESS_MIN_QUEUED + 20;

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ port: 0, masterPassword: MASTER_PASSWORD, latencyMs: LATENCY_MS });
});
afterAll(async () => {
  await emulator.close();
});

describe('progress of a large queue', () => {
  it('run --once logs done/total, rate and time left while it provisions', async () => {
    expect(USERS * LATENCY_MS).toBeGreaterThan(PROGRESS_INTERVAL_MS); // the premise of this test
    const { t, ids } = await setupContexts(emulator, 170, 1, { OX_CONNECTOR_CONCURRENCY: '1' });
    for (let i = 0; i < USERS; i++) t.queue(`p-${i}`, 'users/user', userDn(`p${i}`), udmUser(`p${i}`, ids[0]!));
    const r = await t.run();
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`processed=${USERS} failed=0 left=0`);
    const lines = r.stdout.split('\n').filter((l) => l.includes('Progress: '));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(line).toMatch(
        new RegExp(
          `^\\S+ INFO {5}\\[-\\] Progress: \\d+/${USERS} queued changes done \\(\\d+ %\\), [\\d.]+/s, (about .* left|time left not known yet)$`,
        ),
      );
    }
    const done = lines.map((l) => Number(/Progress: (\d+)\//.exec(l)![1]));
    expect(done).toEqual([...done].sort((a, b) => a - b)); // counts up

    // cache rebuild, not on a terminal: one user per call, so it too takes longer than one interval.
    const rebuild = await t.run(['cache', 'rebuild', '--context', String(ids[0]), '--chunk-size', '1']);
    expect(rebuild.code).toBe(0);
    expect(rebuild.stdout).toMatch(new RegExp(`^${USERS} user\\(s\\) in 1 context\\(s\\) checked`));
    const rebuildLines = rebuild.stderr.split('\n').filter(Boolean);
    expect(rebuildLines.length).toBeGreaterThan(0);
    for (const line of rebuildLines)
      expect(line).toMatch(
        new RegExp(`^\\S+ INFO {5}\\[-\\] cache rebuild: context ${ids[0]}: \\d+/\\d+ users done \\(\\d+ %\\), `),
      );
  });

  it('a small queue gets no progress line', async () => {
    const { t, ids } = await setupContexts(emulator, 171, 1);
    for (let i = 0; i < 5; i++) t.queue(`s-${i}`, 'users/user', userDn(`s${i}`), udmUser(`s${i}`, ids[0]!));
    const out = await t.runOk();
    expect(out).not.toContain('Progress: ');
  });
});
