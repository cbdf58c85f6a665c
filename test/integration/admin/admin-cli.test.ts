// The administrator's toolbox as a new administrator uses it (manual chapter 6), against the emulator:
// status for Nagios, task commands, check-sync-status, the id cache, the attribute mapping.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contextDn, contextObject, E2E, MASTER_PASSWORD, udmUser, userDn, useE2E } from '../../helpers/e2e.js';
import { userByName } from '../../helpers/ox-read.js';

const e2e = useE2E();

/** A data dir whose context `ctx` and one user in it are provisioned. */
async function setup(ctx: number) {
  const t = new E2E(e2e.emulator, { DEFAULT_CONTEXT: String(ctx) });
  t.queue(`ctx-${ctx}`, 'oxmail/oxcontext', contextDn(ctx), contextObject(ctx));
  t.queue(`ok-${ctx}`, 'users/user', userDn(`ok${ctx}`), udmUser(`ok${ctx}`, ctx));
  const r = await t.run();
  expect(r.code).toBe(0);
  return t;
}

describe('status', () => {
  it('prints {"errors": "0"} and exits 0 when healthy; string counts, message and filename otherwise', async () => {
    const t = await setup(610);
    let r = await t.run(['status']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ errors: '0' });

    t.queue('lost', 'users/user', userDn('lost610'), udmUser('lost610', 9999));
    await t.run();
    r = await t.run(['status']);
    expect(r.code).toBe(1);
    const h = JSON.parse(r.stdout);
    expect(h.errors).toBe('1');
    expect(h.message).toMatch(/uid=lost610.*no admin credentials for context 9999/);
    expect(h.filename).toMatch(/listener\/.*\.json$/);

    r = await t.run(['status', '--verbose', '--json']);
    expect(r.code).toBe(1);
    const v = JSON.parse(r.stdout);
    expect(v.queueDepth).toBe(1);
    expect(v.parked).toHaveLength(1);
    expect(v.parked[0].dn).toBe(userDn('lost610'));
    expect(v.lastSuccess.at).toMatch(/^\d{4}-/);
    r = await t.run(['status', '--verbose']);
    expect(r.stdout).toMatch(/queue depth: 1/);
    expect(r.stdout).toMatch(/parked objects: 1/);
    expect(r.stdout).toMatch(/last successful change: .* at \d{4}-/);
  });
});

describe('tasks', () => {
  it('list/show with --json and filters, retry, skip with a logged reason', async () => {
    const t = await setup(611);
    t.queue('lost', 'users/user', userDn('lost611'), udmUser('lost611', 9998));
    await t.run();
    let r = await t.run(['tasks', 'list', '--json']);
    const items = JSON.parse(r.stdout);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ objectId: 'lost', type: 'users/user', status: 'parked', attempts: 1 });
    r = await t.run(['tasks', 'list', '--type', 'groups/group', '--json']);
    expect(JSON.parse(r.stdout)).toEqual([]);
    r = await t.run(['tasks', 'show', 'UID=Lost611, CN=Users,DC=example,DC=org']);
    expect(r.stdout).toMatch(/parked/);
    expect(r.stdout).toMatch(/error: .*context 9998/);

    r = await t.run(['tasks', 'retry', 'lost']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Retrying users\/user uid=lost611/);

    r = await t.run(['tasks', 'skip', 'lost']);
    expect(r.code).not.toBe(0);
    r = await t.run(['tasks', 'skip', 'lost', '--reason', 'context 9998 was never created']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/WARNING .*Skipped users\/user uid=lost611.*context 9998 was never created/);
    expect(t.queueFiles()).toHaveLength(0);
    expect(readFileSync(join(t.dataDir, 'ox-connector-tasks.log'), 'utf8')).toMatch(
      /skip uid=lost611.*context 9998 was never created/,
    );
    r = await t.run(['status']);
    expect(JSON.parse(r.stdout)).toEqual({ errors: '0' });
    r = await t.run(['tasks', 'show', 'nothing-here']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Nothing queued for nothing-here/);
  });

  it('reprovision from stored state repairs a user changed behind the connector’s back; --trigger writes Listing 6.3', async () => {
    const t = await setup(612);
    const ox = t.client();
    const before = await userByName(ox, 612, 'ok612');
    await ox.call('OXUserService', 'change', {
      ctx: { id: 612 },
      usrdata: { id: before!.id as number, sur_name: 'Tampered' },
    });
    let r = await t.run(['check-sync-status', '--dn', userDn('ok612')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/sur_name: the directory says "Ok612", OX has "Tampered"/);

    r = await t.run(['tasks', 'reprovision', userDn('ok612')]);
    expect(r.code).toBe(0);
    expect(t.queueFiles()).toHaveLength(1);
    r = await t.run();
    expect(r.stdout).toMatch(/processed=1 failed=0 left=0/);
    expect((await userByName(ox, 612, 'ok612'))?.sur_name).toBe('Ok612');
    r = await t.run(['check-sync-status', '--dn', userDn('ok612')]);
    expect(r.stdout).toMatch(/Success: Data of the object is consistent/);
    expect(r.code).toBe(0);

    const listenerDir = join(t.dataDir, 'ucs-listener');
    r = await t.run(['tasks', 'reprovision', userDn('ok612'), '--trigger', '--listener-dir', listenerDir]);
    expect(r.code).toBe(0);
    const [trigger] = readdirSync(listenerDir);
    expect(trigger).toMatch(/^\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2}-\d{6}\.json$/);
    expect(JSON.parse(readFileSync(join(listenerDir, trigger), 'utf8'))).toEqual({
      entry_uuid: 'ok-612',
      dn: userDn('ok612'),
      object_type: 'users/user',
      command: 'modify',
    });
    ox.close();
  });

  it('check-sync-status --resync queues the object; a context check compares quota', async () => {
    const t = await setup(613);
    let r = await t.run(['check-sync-status', '--dn', contextDn(613)]);
    expect(r.code).toBe(0);
    r = await t.run(['check-sync-status', '--dn', userDn('ok613'), '--resync']);
    expect(r.stdout).toMatch(/has been scheduled to be resynced with file .*listener/);
    expect(t.queueFiles()).toHaveLength(1);
    r = await t.run(['check-sync-status', '--dn', userDn('nobody'), '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).differences[0]).toMatch(/never provisioned/);
  });
});

describe('cache', () => {
  it('rebuild re-reads ids from OX after a restore; --delete forgets; remove forgets one object', async () => {
    const t = await setup(614);
    for (const n of ['c1', 'c2', 'c3']) t.queue(n, 'users/user', userDn(n), udmUser(n, 614));
    await t.run();
    // Simulate an OX database restore: c1 is recreated with a new id behind the connector's back.
    const ox = t.client();
    const old = await userByName(ox, 614, 'c1');
    await ox.call('OXUserService', 'delete', { ctx: { id: 614 }, user: { id: old!.id as number } });
    await ox.call('OXUserService', 'create', {
      ctx: { id: 614 },
      usrdata: {
        name: 'c1',
        display_name: 'c1',
        given_name: 'c',
        sur_name: '1',
        primaryEmail: 'c1@example.org',
        email1: 'c1@example.org',
        password: 'x-Secret-1',
      },
    });
    const fresh = await userByName(ox, 614, 'c1');
    expect(fresh!.id).not.toBe(old!.id);
    let r = await t.run(['cache', 'rebuild', '--chunk-size', '2']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/4 user\(s\) in 1 context\(s\) checked, 1 id\(s\) updated, 0 not found/);
    r = await t.run(['check-sync-status', '--dn', userDn('c1')]);
    expect(r.stdout).not.toMatch(/stale/);

    r = await t.run(['cache', 'rebuild', '--delete', '--context', '614']);
    expect(r.stdout).toMatch(/4 cached user id\(s\) removed/);
    r = await t.run(['cache', 'rebuild']);
    expect(r.stdout).toMatch(/4 user\(s\) .* 4 id\(s\) updated/);

    r = await t.run(['cache', 'remove', 'UID=c2,cn=users,dc=example,dc=org']);
    expect(r.stdout).toMatch(/Removing uid=c2,cn=users,dc=example,dc=org/);
    r = await t.run(['cache', 'remove', userDn('c2')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/not found/);
    ox.close();
  });
});

describe('attribute-mapping', () => {
  it('modify is picked up by the next run; errors are clear; restore_default works', async () => {
    const t = await setup(615);
    let r = await t.run([
      'attribute-mapping',
      'modify',
      '--set',
      'userfield01',
      'description',
      '--set_alternatives',
      'display_name',
      'description',
    ]);
    expect(r.code).toBe(0);
    const file = JSON.parse(readFileSync(join(t.dataDir, 'AttributeMapping.json'), 'utf8'));
    expect(file.userfield01.ldap_attribute).toBe('description');
    t.queue('ok-615', 'users/user', userDn('ok615'), udmUser('ok615', 615, { description: 'from UDM' }));
    await t.run();
    const ox = t.client();
    expect((await userByName(ox, 615, 'ok615'))?.userfield01).toBe('from UDM');
    r = await t.run(['attribute-mapping', 'modify', '--unset', 'email1']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Cannot unset non-nillable property "email1"/);
    r = await t.run(['attribute-mapping', 'modify', '--set', 'no_such', 'x']);
    expect(r.stderr).toMatch(/Unknown OX property "no_such"/);
    r = await t.run(['attribute-mapping', 'restore_default']);
    expect(r.code).toBe(0);
    r = await t.run(['attribute-mapping', 'dump']);
    expect(JSON.parse(r.stdout).userfield01.ldap_attribute).toBe('oxUserfield01');
    expect(existsSync(join(t.dataDir, 'AttributeMapping.json'))).toBe(true);
    const all = readdirSync(t.dataDir).join(' ');
    expect(all).not.toMatch(/\.tmp/);
    expect(r.stdout + r.stderr).not.toContain(MASTER_PASSWORD);
    ox.close();
  });
});
