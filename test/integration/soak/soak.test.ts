// Issue 19 item 2, the 3-minute version of `npm run soak`: directory changes through UCS listener queue files at a
// steady rate, while the connector is killed with SIGKILL and restarted, OX (the emulator process, on a state
// journal) fails 5 % of the calls and is stopped for a while, and the administrator's commands run beside it. At the
// end OX must equal the generator's model and `reconcile --dry-run` must plan nothing. The soak is real processes
// throughout: the built CLI and the emulator as an HTTP server (run `npm run build` first).
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CLI, runSoakCli } from './run-soak.js';
import { expectSoakPassed } from './expectations.js';

describe.skipIf(!existsSync(CLI))('soak through queue files', () => {
  it('3 minutes of changes under chaos end with OX equal to the directory', { timeout: 600_000 }, async () => {
    const run = await runSoakCli(['--minutes', '3']);
    expectSoakPassed(run);
    expect(run.summary.source).toBe('queue');
  });
});
