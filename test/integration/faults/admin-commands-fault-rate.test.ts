// Found by the soak (issue 19): the administrator's commands that read OX — `reconcile --dry-run`, `cache rebuild`
// — failed as a whole on the first transient fault OX answered (a 503 or a StorageException), where `run` retries
// such a call (decision 0216). Against an OX that fails a steady share of calls they must succeed as `run` does.
// Real processes: the emulator as an HTTP server on a state file (provisioned without faults, then restarted on
// the same state with faults on), the built CLI as a child process.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/index.js';
import {
  E2E,
  MASTER_PASSWORD,
  contextDn,
  contextObject,
  groupDn,
  udmGroup,
  udmUser,
  userDn,
} from '../../helpers/e2e.js';

const CONTEXT = 10;
const statePath = join(mkdtempSync(join(tmpdir(), 'oxc-admin-faults-')), 'ox-state.json');
let emulator: RunningEmulator | undefined;

afterAll(async () => {
  await emulator?.close();
});

describe('admin commands against an OX with transient faults', () => {
  it('reconcile --dry-run and cache rebuild retry an answered transient fault', { timeout: 120_000 }, async () => {
    emulator = await startEmulator({ port: 0, masterPassword: MASTER_PASSWORD, statePath });
    const t = new E2E(emulator, { DEFAULT_CONTEXT: String(CONTEXT), OX_CONNECTOR_LOG_LEVEL: 'WARNING' });
    t.queue('ctx', 'oxmail/oxcontext', contextDn(CONTEXT), contextObject(CONTEXT));
    const names = Array.from({ length: 20 }, (_, i) => `user${i}`);
    for (const name of names) t.queue(`u-${name}`, 'users/user', userDn(name), udmUser(name, CONTEXT));
    t.queue('g', 'groups/group', groupDn('team'), udmGroup('team', names.slice(0, 5).map(userDn)));
    await t.runOk();
    await emulator.close();

    // A third of all calls fail, from a fixed seed: each command makes enough calls that, without a retry, every
    // run meets a fault; with four retries per call a call fails for good
    // about once in 400.
    emulator = await startEmulator({
      port: 0,
      masterPassword: MASTER_PASSWORD,
      statePath,
      faultRate: 0.3,
      faultSeed: 19,
    });
    t.env.OX_SOAP_SERVER = emulator.url.replace(/\/webservices\/?$/, '');
    for (let i = 0; i < 3; i++) {
      const reconcile = await t.run(['reconcile', '--dry-run']);
      expect(reconcile.stderr).not.toMatch(/failed \(transient\)/);
      expect(reconcile.code, reconcile.stdout + reconcile.stderr).toBe(0);
      const rebuild = await t.run(['cache', 'rebuild']);
      expect(rebuild.stderr).not.toMatch(/failed \(transient\)/);
      expect(rebuild.code, rebuild.stdout + rebuild.stderr).toBe(0);
    }
  });
});
