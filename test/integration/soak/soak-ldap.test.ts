// The 3-minute soak with `--source ldap`: the changes go to a real slapd, the connector follows it with
// `run --source ldap` (syncrepl), and slapd is restarted beside the kills, outages and admin commands of
// soak.test.ts. Needs Debian's slapd and ldap-utils, and `npm run build`.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CLI, runSoakCli } from './run-soak.js';
import { expectSoakPassed } from './expectations.js';

describe.skipIf(!existsSync(CLI) || !existsSync('/usr/sbin/slapd'))('soak through slapd (--source ldap)', () => {
  it('3 minutes of LDAP changes under chaos end with OX equal to the directory', { timeout: 600_000 }, async () => {
    const run = await runSoakCli(['--minutes', '3', '--source', 'ldap']);
    expectSoakPassed(run);
    expect(run.summary.source).toBe('ldap');
    expect(run.summary.slapdRestarts).toBeGreaterThanOrEqual(1);
  });
});
