// The benchmark warms every emulator it measures against (decision 0197). The warm-up must provision its load
// through the real connector into a context of its own — never the measured context 10 — and must say so
// loudly, naming the way out, when it could not.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MASTER_ADMIN, MASTER_PASSWORD } from '../../../bench/lib/connector-env.js';
import { startEmulatorProcess, type EmulatorProcess } from '../../../bench/lib/emulator-process.js';
import { WARM_UP_CONTEXT_ID, warmUpEmulator } from '../../../bench/lib/emulator-warm-up.js';
import { DEFAULT_WORKLOAD_OPTIONS } from '../../../bench/workload/index.js';
import { OxClient } from '../../../src/ox/index.js';

const SMALL = {
  users: 12,
  groups: 2,
  membersPerGroup: 5,
  resources: 1,
  functionalAccounts: 1,
  membersPerFunctionalAccount: 3,
};

let emulator: EmulatorProcess;
beforeAll(async () => {
  emulator = await startEmulatorProcess(0);
});
afterAll(async () => {
  await emulator.stop();
});

describe('warming up the benchmark emulator', () => {
  it('provisions every object of its load into its own context, not the measured one', async () => {
    const warm = await warmUpEmulator(emulator, SMALL);
    // context + 7 access profiles + users + groups + resources + functional accounts
    expect(warm.objects).toBe(1 + 7 + 12 + 2 + 1 + 1);

    const client = new OxClient({
      baseUrl: emulator.webservicesUrl,
      credentials: {
        master: () => ({ login: MASTER_ADMIN, password: MASTER_PASSWORD }),
        contextAdmin: () => {
          throw new Error('not needed');
        },
      },
    });
    try {
      const contexts = (await client.call('OXContextService', 'listAll', {})) as Array<{ id: number }>;
      expect(contexts.map((c) => Number(c.id))).toEqual([WARM_UP_CONTEXT_ID]);
      expect(WARM_UP_CONTEXT_ID).not.toBe(DEFAULT_WORKLOAD_OPTIONS.contextId);
    } finally {
      client.close();
    }
  });

  it('fails with the way out when the load did not land', async () => {
    const gone = await startEmulatorProcess(0);
    await gone.stop();
    await expect(warmUpEmulator(gone, SMALL)).rejects.toThrow(/Warming up the emulator failed .*--cold-emulator/s);
  });
});
