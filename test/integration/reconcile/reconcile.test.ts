// ox-connector reconcile (issue 16) end to end: drift made directly in OX over SOAP is planned exactly and
// repaired, a dry run makes no write call (a counting proxy sees every SOAP call), orphans are kept without
// --delete-orphans and deleted with it, the 10 % guard refuses without --force, and a second run plans nothing.
import { describe, expect, it } from 'vitest';
import {
  groupDn,
  resourceDn,
  udmGroup,
  udmResource,
  udmUser,
  until,
  userDn,
  useE2E,
  type E2E,
} from '../../helpers/e2e.js';
import { groupNamed, members, oxUserId, resourceNamed, userByName } from '../../helpers/ox-read.js';
import { startRecordingProxy } from '../../../bench/lib/recording-proxy.js';

const e2e = useE2E(1600);

interface Plan {
  actions: {
    op: string;
    kind: string;
    context: number;
    name: string;
    dn?: string;
    fields?: string[];
    orphan?: boolean;
  }[];
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

/** Users, a group of alice and bob and a resource in one fresh context, provisioned. */
async function provisioned(names = ['alice', 'bob', 'carol']) {
  const { t, ids, ox } = await e2e.setup();
  const ctx = ids[0];
  for (const name of names) t.queue(`u-${name}`, 'users/user', userDn(name), udmUser(name, ctx));
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

  it('plans drift made in OX exactly, keeps orphans, refuses past 10 %, repairs, deletes orphans, then plans nothing', async () => {
    const { t, ctx, ox } = await provisioned(['alice', 'bob', 'carol', 'dave']);
    const c = { id: ctx };
    // Drift, made directly in OX over SOAP.
    await ox.call('OXUserService', 'change', {
      ctx: c,
      usrdata: { id: await oxUserId(ox, ctx, 'alice'), sur_name: 'Drifted' },
    });
    await ox.call('OXUserService', 'delete', { ctx: c, user: { id: await oxUserId(ox, ctx, 'carol') } });
    const team = await groupNamed(ox, ctx, 'team');
    const bob = await oxUserId(ox, ctx, 'bob');
    await ox.call('OXGroupService', 'change', {
      ctx: c,
      grp: { id: team!.id as number, members: members(team).filter((m) => m !== bob) },
    });
    const room = await resourceNamed(ox, ctx, 'room');
    await ox.call('OXResourceService', 'change', { ctx: c, res: { id: room!.id as number, description: 'moved' } });
    await ox.call('OXUserService', 'create', {
      ctx: c,
      usrdata: {
        name: 'mallory',
        display_name: 'Mallory',
        given_name: 'Mal',
        sur_name: 'Lory',
        primaryEmail: 'mallory@example.org',
        email1: 'mallory@example.org',
        password: 'not-used-4711',
      },
    });
    await ox.call('OXGroupService', 'create', {
      ctx: c,
      grp: { name: 'ghosts', displayname: 'ghosts', members: [await oxUserId(ox, ctx, 'alice')] },
    });

    const expected = [
      { op: 'change', kind: 'user', context: ctx, name: 'alice', dn: userDn('alice'), fields: ['sur_name'] },
      { op: 'delete', kind: 'user', context: ctx, name: 'mallory', orphan: true },
      { op: 'create', kind: 'user', context: ctx, name: 'carol', dn: userDn('carol') },
      { op: 'change', kind: 'group', context: ctx, name: 'team', dn: groupDn('team'), fields: ['members'] },
      { op: 'delete', kind: 'group', context: ctx, name: 'ghosts', orphan: true },
      { op: 'change', kind: 'resource', context: ctx, name: 'room', dn: resourceDn('room'), fields: ['description'] },
    ];

    // A dry run, through a proxy that sees every SOAP call: reads only, and the exact plan.
    const proxy = await startRecordingProxy(t.env.OX_SOAP_SERVER);
    try {
      const dry = await reconcile(t, ['--dry-run'], { OX_SOAP_SERVER: proxy.soapServer });
      expect(dry.code).toBe(1);
      expect(dry.plan?.actions).toEqual(expected);
      expect(dry.plan?.summary).toEqual({ create: 1, change: 3, delete: 2, orphans: 2, unchanged: 2 });
      const operations = new Set(proxy.recording.calls.map((call) => call.operation));
      expect([...operations].sort()).toEqual([
        'OXContextService.getData',
        'OXGroupService.getMultipleData',
        'OXGroupService.listAll',
        'OXResourceService.getMultipleData',
        'OXResourceService.listAll',
        'OXSecondaryAccountService.list',
        'OXUserService.getMultipleData',
        'OXUserService.listAll',
      ]);
    } finally {
      await proxy.stop();
    }
    expect(t.queueFiles()).toEqual([]);

    // mallory is 1 of the 4 users OX holds: more than 10 %, so deleting orphans needs --force.
    const refused = await reconcile(t, ['--delete-orphans']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('Refusing to delete 1 of the 4 users in context');
    expect(refused.stderr).toContain('--force');
    expect((await userByName(ox, ctx, 'alice'))?.sur_name).toBe('Drifted');
    expect(await userByName(ox, ctx, 'mallory')).toBeDefined();

    // Apply without --delete-orphans: the drift is repaired, the orphans are kept and reported.
    const applied = await reconcile(t, []);
    expect(applied.stderr).not.toMatch(/ERROR/);
    expect(applied.code).toBe(0);
    expect((await userByName(ox, ctx, 'alice'))?.sur_name).toBe('Alice');
    const carol = await oxUserId(ox, ctx, 'carol');
    expect(members(await groupNamed(ox, ctx, 'team'))).toEqual(
      [await oxUserId(ox, ctx, 'alice'), bob].sort((a, b) => a - b),
    );
    expect(carol).toBeGreaterThan(0);
    expect((await resourceNamed(ox, ctx, 'room'))?.description).toBe('The room');
    expect(await userByName(ox, ctx, 'mallory')).toBeDefined();
    expect(await groupNamed(ox, ctx, 'ghosts')).toBeDefined();

    const orphansOnly = await reconcile(t, ['--dry-run']);
    expect(orphansOnly.plan?.actions).toEqual(expected.filter((a) => a.orphan));
    expect(orphansOnly.code).toBe(1);

    const deleted = await reconcile(t, ['--delete-orphans', '--force']);
    expect(deleted.code).toBe(0);
    expect(await userByName(ox, ctx, 'mallory')).toBeUndefined();
    expect(await groupNamed(ox, ctx, 'ghosts')).toBeUndefined();

    const again = await reconcile(t, ['--dry-run']);
    expect(again.plan?.actions).toEqual([]);
    expect(again.plan?.summary).toEqual({ create: 0, change: 0, delete: 0, orphans: 0, unchanged: 6 });
    expect(again.code).toBe(0);
    ox.close();
  });

  // Decision 0345: --dry-run changes nothing, so it runs beside a runner (issue 19's soak calls it during the load);
  // reconcile that acts is still refused while a runner holds the data directory.
  it('--dry-run runs while a runner holds the data directory; acting is refused (exit 2) naming its PID and what to do', async () => {
    const { t, ox } = await provisioned(['erin']);
    const runner = t.start(['run']);
    let out = '';
    runner.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    try {
      await until(() => out.includes('Watching'), 'the runner to start');
      const dry = await reconcile(t, ['--dry-run']);
      expect(dry.stderr).not.toMatch(/stop the connector first/);
      expect(dry.plan?.actions).toEqual([]);
      expect(dry.code).toBe(0);
      const r = await reconcile(t, []);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`ox-connector runner (PID ${runner.pid})`);
      expect(r.stderr).toMatch(/stop the connector first/);
    } finally {
      runner.kill('SIGTERM');
      await new Promise((done) => runner.on('close', done));
    }
    expect((await reconcile(t, ['--dry-run'])).code).toBe(0);
    ox.close();
  });
});
