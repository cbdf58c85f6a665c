// import-legacy end to end: OX holds what a connector provisioned; a Python-style data directory (old files
// enriched with oxDbId/oxDbUsername/oxDbGroupname, old.db written by libgdbm, contexts.json) describes it. After
// the import, new queue files are provisioned by `run --once` as modifies and deletes of the same OX objects —
// no duplicate is created. The old.db part needs python3-gdbm to write the fixture; without it that part is
// skipped with a message and the import runs from the old files alone.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../../src/emulator/index.js';
import { acquireRunnerLock } from '../../../src/engine/lock.js';
import { contextDn, contextObject, E2E, startTestEmulator, udmUser, userDn } from '../../helpers/e2e.js';
import { userByName, usersIn } from '../../helpers/ox-read.js';
import { pythonWith } from '../../helpers/python.js';

const CTX = 20;
const python = pythonWith('dbm.gnu');
if (!python) console.warn('import-legacy: old.db fixture skipped (install python3-gdbm to create gdbm files)');

const groupDn = 'cn=staff,cn=groups,dc=example,dc=org';
const resourceDn = 'cn=beamer,cn=resources,dc=example,dc=org';
const faDn = 'cn=info,cn=functional_accounts,dc=example,dc=org';
const PY_OLD_DIR = '/var/lib/univention-appcenter/apps/ox-connector/data/listener/old';

type Obj = Record<string, unknown>;
interface Legacy {
  id: string;
  type: string;
  dn: string;
  object: Obj;
}

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(async () => {
  await emu.close();
});

function objects(): Legacy[] {
  const member = (u: string) => udmUser(u, CTX, { groups: ['cn=Domain Users,cn=groups,dc=example,dc=org', groupDn] });
  return [
    { id: 'ctx-uuid', type: 'oxmail/oxcontext', dn: contextDn(CTX), object: contextObject(CTX) },
    { id: 'anna-uuid', type: 'users/user', dn: userDn('anna'), object: member('anna') },
    { id: 'bert-uuid', type: 'users/user', dn: userDn('bert'), object: member('bert') },
    { id: 'carl-uuid', type: 'users/user', dn: userDn('carl'), object: udmUser('carl', CTX) },
    {
      id: 'staff-uuid',
      type: 'groups/group',
      dn: groupDn,
      object: { name: 'staff', isOxGroup: 'OK', users: [userDn('anna'), userDn('bert')] },
    },
    {
      id: 'beamer-uuid',
      type: 'oxresources/oxresources',
      dn: resourceDn,
      object: {
        name: 'beamer',
        displayname: 'Beamer',
        resourceMailAddress: 'beamer@example.org',
        oxContext: String(CTX),
      },
    },
    {
      id: 'info-uuid',
      type: 'oxmail/functional_account',
      dn: faDn,
      object: { name: 'Info', mailPrimaryAddress: 'info@example.org', users: [userDn('anna'), userDn('bert')] },
    },
  ];
}

/** Provisions the objects into OX (standing in for the Python connector) and returns a client for reading. */
async function provisionOx(): Promise<E2E> {
  const t = new E2E(emu, { DEFAULT_CONTEXT: String(CTX) });
  for (const o of objects()) t.queue(o.id, o.type, o.dn, o.object);
  const r = await t.run();
  expect(r.code, r.stdout + r.stderr).toBe(0);
  return t;
}

/** Writes the Python connector's data directory for the same objects, enriched as the original enriches them. */
async function writeLegacyDir(t: E2E, oxWorld: E2E): Promise<Record<string, number>> {
  const ox = oxWorld.client();
  const ids: Record<string, number> = {};
  const oldDir = join(t.dataDir, 'listener', 'old');
  mkdirSync(oldDir, { recursive: true });
  mkdirSync(join(t.dataDir, 'secrets'), { recursive: true });
  copyFileSync(join(oxWorld.dataDir, 'secrets', 'contexts.json'), join(t.dataDir, 'secrets', 'contexts.json'));
  const dbEntries: [string, string][] = [];
  for (const o of objects()) {
    const object = { ...o.object };
    if (o.type === 'users/user') {
      const u = await userByName(ox, CTX, object.username as string);
      ids[object.username as string] = u!.id as number;
      Object.assign(object, { oxDbId: u!.id, oxDbUsername: object.username });
    }
    if (o.type === 'groups/group') object.oxDbGroupname = 'staff';
    const body = { dn: o.dn, id: o.id, object, options: ['default'], udm_object_type: o.type };
    writeFileSync(join(oldDir, `${o.id}.json`), JSON.stringify(body, null, 4));
    // The Python connector kept keys as the queue files spelled the DN.
    dbEntries.push([o.type === 'users/user' ? o.dn.replace('uid=', 'UID=') : o.dn, `${PY_OLD_DIR}/${o.id}.json`]);
  }
  const g = (await ox.call('OXGroupService', 'getData', { ctx: { id: CTX }, grp: { name: 'staff' } })) as Obj;
  const res = (await ox.call('OXResourceService', 'getData', { ctx: { id: CTX }, res: { name: 'beamer' } })) as Obj;
  ids.staff = g.id as number;
  ids.beamer = res.id as number;
  // Things the import must report, not import.
  writeFileSync(join(oldDir, 'broken-uuid.json'), '{"dn": "uid=broken,dc=example,dc=org", ');
  dbEntries.push(['uid=gone,cn=users,dc=example,dc=org', `${PY_OLD_DIR}/gone-uuid.json`]);
  dbEntries.push(['uid=anna-old,cn=users,dc=example,dc=org', `${PY_OLD_DIR}/anna-uuid.json`]);
  if (python) {
    const script = `
import dbm.gnu, json, sys
d = dbm.gnu.open(sys.argv[1], 'n')
for k, v in json.load(sys.stdin):
    d[k.encode()] = v.encode()
d.close()
m = dbm.gnu.open(sys.argv[2], 'n')
m[b'errors'] = b'0'
m.close()
`;
    execFileSync(
      python,
      ['-c', script, join(t.dataDir, 'listener', 'old.db'), join(t.dataDir, 'listener', 'meta.db')],
      {
        input: JSON.stringify(dbEntries),
      },
    );
  }
  ox.close();
  return ids;
}

describe('import-legacy', () => {
  it('imports the Python connector state; the queue then modifies and deletes the same OX objects', async () => {
    const oxWorld = await provisionOx();
    const t = new E2E(emu, { DEFAULT_CONTEXT: String(CTX) });
    const ids = await writeLegacyDir(t, oxWorld);
    const ox = oxWorld.client();

    // Dry run: reports, changes nothing.
    let r = await t.run(['import-legacy', '--dry-run', '--json']);
    expect(r.stderr).toBe('');
    let report = JSON.parse(r.stdout);
    expect(report.dryRun).toBe(true);
    expect(report.imported, JSON.stringify(report.notImported)).toHaveLength(7);
    r = await t.run(['import-legacy', '--dry-run', '--json']);
    expect(JSON.parse(r.stdout).alreadyPresent).toHaveLength(0);

    r = await t.run(['import-legacy', '--json']);
    expect(r.code).toBe(2); // some items could not be imported
    report = JSON.parse(r.stdout);
    expect(report.byType).toEqual({
      'oxmail/oxcontext': 1,
      'users/user': 3,
      'groups/group': 1,
      'oxresources/oxresources': 1,
      'oxmail/functional_account': 1,
    });
    const anna = report.imported.find((i: { dn: string }) => i.dn === userDn('anna'));
    expect(anna.oxIds).toEqual([`user ${ids.anna} in context ${CTX}`]);
    const staff = report.imported.find((i: { dn: string }) => i.dn === groupDn);
    expect(staff.oxIds).toEqual([`group ${ids.staff} in context ${CTX}`]);
    const reasons = report.notImported.map((p: { source: string; reason: string }) => `${p.source}: ${p.reason}`);
    expect(reasons.some((s: string) => /broken-uuid\.json: not valid JSON/.test(s))).toBe(true);
    if (python) {
      expect(reasons.some((s: string) => /old\.db key uid=gone.*gone-uuid\.json/.test(s))).toBe(true);
      expect(report.aliases).toBe(1); // uid=anna-old still names anna
    }

    // Twice is safe: nothing new, nothing changed.
    r = await t.run(['import-legacy']);
    expect(r.stdout).toMatch(/Imported 0 object\(s\)/);
    expect(r.stdout).toMatch(/7 object\(s\) were already in the store/);

    // The queue continues: modify anna, delete carl, bert leaves the group, rename the functional account,
    // delete the resource, and a new user.
    const objs = Object.fromEntries(objects().map((o) => [o.id, o]));
    t.queue('anna-uuid', 'users/user', userDn('anna'), { ...objs['anna-uuid'].object, lastname: 'Neumann' });
    t.queue('carl-uuid', 'users/user', userDn('carl'), null);
    t.queue('staff-uuid', 'groups/group', groupDn, { ...objs['staff-uuid'].object, users: [userDn('anna')] });
    t.queue('info-uuid', 'oxmail/functional_account', faDn, { ...objs['info-uuid'].object, name: 'Info desk' });
    t.queue('beamer-uuid', 'oxresources/oxresources', resourceDn, null);
    t.queue('dora-uuid', 'users/user', userDn('dora'), udmUser('dora', CTX));
    r = await t.run();
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(/Created user anna|Created group staff|Created context/);

    const users = await usersIn(ox, CTX);
    expect(users.map((u) => u.name).sort()).toEqual(['anna', 'bert', 'dora']);
    const annaNow = users.find((u) => u.name === 'anna')!;
    expect(annaNow.id).toBe(ids.anna);
    expect(annaNow.sur_name).toBe('Neumann');
    const group = (await ox.call('OXGroupService', 'getData', { ctx: { id: CTX }, grp: { id: ids.staff } })) as Obj;
    expect(group.members).toEqual([ids.anna]);
    await expect(
      ox.call('OXResourceService', 'getData', { ctx: { id: CTX }, res: { id: ids.beamer } }),
    ).rejects.toMatchObject({ kind: 'notFound' });
    const accounts = (await ox.call('OXSecondaryAccountService', 'list', {
      context: { id: CTX },
      users: [{ id: ids.anna }],
      groups: [],
    })) as Obj[];
    expect(accounts.filter((a) => a.primaryAddress === 'info@example.org').map((a) => a.name)).toEqual(['Info desk']);
    ox.close();
  });

  it('fails clearly when there is no listener directory', async () => {
    const t = new E2E(emu);
    const r = await t.run(['import-legacy', '--from', join(t.dataDir, 'nowhere')]);
    expect(r.code).toBe(2); // a bad --from is a usage error (issue 17 item 7, decision 0301)
    expect(r.stderr).toMatch(/nowhere\/listener does not exist: pass --from/);
  });

  it('refuses to import while a connector runs on the data directory, and reports the old health record', async () => {
    const t = new E2E(emu);
    mkdirSync(join(t.dataDir, 'listener', 'old'), { recursive: true });
    const release = acquireRunnerLock(t.dataDir); // this process holds the lock, as a runner would
    let r = await t.run(['import-legacy', '--offline']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`ox-connector runner \\(PID ${process.pid}\\).*stop the connector first`));
    release();
    if (python) {
      const script = `
import dbm.gnu, sys
m = dbm.gnu.open(sys.argv[1], 'n')
m[b'errors'] = b'3'
m[b'filename'] = b'/var/lib/univention-appcenter/apps/ox-connector/data/listener/2024-01-01-00-00-00-000001.json'
m[b'message'] = b'Mandatory fields not set'
m.close()
`;
      execFileSync(python, ['-c', script, join(t.dataDir, 'listener', 'meta.db')]);
    }
    r = await t.run(['import-legacy', '--offline']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Imported 0 object\(s\)/);
    if (python) expect(r.stdout).toMatch(/stopped with 3 error\(s\) at .*000001\.json: Mandatory fields not set/);
  });
});
