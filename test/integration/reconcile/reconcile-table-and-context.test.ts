// ox-connector reconcile's table output (without --json) and --context: a dry run over two managed contexts with
// drift in both shows each under its context heading; --context limits reading and planning to the one asked
// for; an unmanaged context is refused with the managed ones named.
import { describe, expect, it } from 'vitest';
import { udmUser, userDn, useE2E } from '../../helpers/e2e.js';
import { oxUserId } from '../../helpers/ox-read.js';

const e2e = useE2E(1700);

describe('reconcile as a table, one context at a time', () => {
  it('prints the plan per context, follows --context and refuses an unmanaged one', async () => {
    const { t, ids, ox } = await e2e.setup(2);
    const [first, second] = ids;
    for (const ctx of ids)
      for (const name of ['anna', 'ben'])
        t.queue(`u-${name}-${ctx}`, 'users/user', userDn(`${name}${ctx}`), udmUser(name, ctx));
    await t.runOk();
    for (const ctx of ids)
      await ox.call('OXUserService', 'change', {
        ctx: { id: ctx },
        usrdata: { id: await oxUserId(ox, ctx, 'anna'), sur_name: 'Drifted' },
      });

    const both = await t.run(['reconcile', '--dry-run']);
    expect(both.code).toBe(1);
    const lines = both.stdout.split('\n');
    // One heading per context, each followed by its own change line.
    for (const ctx of [first, second]) {
      const heading = lines.indexOf(`Context ${ctx}:`);
      expect(heading, both.stdout).toBeGreaterThanOrEqual(0);
      expect(lines[heading + 1]).toMatch(/^ {2}change user {5}anna {17}.*fields: sur_name$/);
    }
    expect(lines.filter((line) => line.startsWith('Context '))).toHaveLength(2);
    expect(both.stdout).toContain('Summary: 0 to create, 2 to change, 0 to delete (0 orphans), 2 unchanged.');

    const one = await t.run(['reconcile', '--dry-run', '--context', String(second)]);
    expect(one.code).toBe(1);
    expect(one.stdout).toContain(`Context ${second}:`);
    expect(one.stdout).not.toContain(`Context ${first}:`);
    expect(one.stdout).toContain('Summary: 0 to create, 1 to change, 0 to delete (0 orphans), 1 unchanged.');

    const unmanaged = await t.run(['reconcile', '--dry-run', '--context', '999']);
    expect(unmanaged.code).toBe(2);
    expect(unmanaged.stderr).toContain('context 999 is not managed by the connector');
    expect(unmanaged.stderr).toContain(`managed contexts: ${[first, second].sort((a, b) => a - b).join(', ')}`);
    ox.close();
  });
});
