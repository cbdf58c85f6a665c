// `ox-connector check`, the Nagios plugin (decision 0290), run as a monitoring system runs it: the built CLI,
// a real data directory, a real runner (`run`) holding it against the emulator.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { E2E, udmUser, until, userDn, useE2E } from '../../helpers/e2e.js';

const e2e = useE2E(720);
let runner: ChildProcess | undefined;
afterEach(() => {
  runner?.kill('SIGKILL');
  runner = undefined;
});

const check = (t: E2E, ...args: string[]) => t.run(['check', ...args]);

describe('ox-connector check', () => {
  it('is OK on a data directory with nothing queued, in the plugin format, creating no store', async () => {
    const t = new E2E(e2e.emulator);
    const r = await check(t);
    expect(r.stdout).toBe('OX-CONNECTOR OK - queue 0, parked 0 | queue=0 parked=0 oldest=0s\n');
    expect(r.code).toBe(0);
    expect(t.queueFiles()).toEqual([]);
  });

  it('is CRITICAL when work is queued and no runner holds the data directory', async () => {
    const { t } = await e2e.setup();
    t.queue('waiting', 'users/user', userDn('waiting720'), udmUser('waiting720', 720));
    const r = await check(t);
    expect(r.stdout).toMatch(
      /^OX-CONNECTOR CRITICAL - queue 1, parked 0: no runner holds .* while 1 item\(s\) are queued/,
    );
    expect(r.stdout).toMatch(/ \| queue=1 parked=0 oldest=\d+s\n$/);
    expect(r.code).toBe(2);
  });

  it('with a runner: WARNING for a parked object, the age thresholds raise it, OK once it is gone', async () => {
    const { t, ids } = await e2e.setup();
    t.queue('ok', 'users/user', userDn(`ok${ids[0]}`), udmUser(`ok${ids[0]}`, ids[0]));
    const parkedFile = t.queue('lost', 'users/user', userDn('lost721'), udmUser('lost721', 9721));
    runner = t.start(['run'], { OX_CONNECTOR_LOG_LEVEL: 'ERROR' }, 'ignore');
    let r = await check(t);
    await until(async () => {
      r = await check(t);
      return r.code === 1 && r.stdout.includes('queue 1,');
    }, 'the user without context credentials to be parked, the other provisioned, while the runner runs');
    expect(r.stdout).toMatch(
      /^OX-CONNECTOR WARNING - queue 1, parked 1: 1 object\(s\) parked: see ox-connector tasks list/,
    );
    expect(r.stdout).not.toMatch(/no runner/);

    const anHourAgo = (Date.now() - 3700_000) / 1000;
    utimesSync(join(t.dataDir, 'listener', parkedFile), anHourAgo, anHourAgo);
    r = await check(t, '--warn-age', '60', '--crit-age', '7200');
    expect(r.stdout).toMatch(/WARNING .*oldest item waits 3[67]\d\ds \(>= 60s\)/);
    expect(r.code).toBe(1);
    r = await check(t);
    expect(r.stdout).toMatch(/^OX-CONNECTOR CRITICAL .*oldest item waits \d+s \(>= 3600s\).* oldest=3[67]\d\ds\n$/);
    expect(r.code).toBe(2);

    runner.kill('SIGTERM');
    await new Promise((done) => runner!.once('close', done));
    r = await t.run(['tasks', 'skip', 'lost', '--reason', 'context 9721 does not exist']);
    expect(r.code).toBe(0);
    r = await check(t);
    expect(r.stdout).toBe('OX-CONNECTOR OK - queue 0, parked 0 | queue=0 parked=0 oldest=0s\n');
    expect(r.code).toBe(0);
  });

  it('is UNKNOWN (exit 3) for a wrong option or a data directory it cannot read', async () => {
    const t = new E2E(e2e.emulator);
    let r = await check(t, '--warn-age', 'soon');
    expect(r.stdout).toMatch(/^OX-CONNECTOR UNKNOWN - .*--warn-age.*give whole seconds/);
    expect(r.code).toBe(3);
    r = await check(t, '--warn-age', '100', '--crit-age', '10');
    expect(r.stdout).toMatch(/^OX-CONNECTOR UNKNOWN - --warn-age 100 is above --crit-age 10/);
    expect(r.code).toBe(3);
    t.dataDir = join(mkdtempSync(join(tmpdir(), 'oxc-check-')), 'missing');
    r = await check(t);
    expect(r.stdout).toMatch(/^OX-CONNECTOR UNKNOWN - .*missing/);
    expect(r.code).toBe(3);
  });
});
