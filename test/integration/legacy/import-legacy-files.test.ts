// import-legacy takes over the Python connector's files besides its last states: the credentials
// (secrets/contexts.json), the attribute mapping, the access profiles and the changes it had queued but not
// provisioned (listener/*.json). End to end: after the import from another directory, `run --once` provisions
// the pending changes with those credentials, that mapping and those profiles. What exists already is never
// overwritten: a difference is a conflict the report names with what to do; a second import copies nothing again.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultAttributeMapping } from '../../../src/config/attribute-mapping.js';
import { formatMapping } from '../../../src/config/attribute-mapping-edit.js';
import type { RunningEmulator } from '../../../src/emulator/index.js';
import {
  contextDn,
  contextObject,
  DEFAULT_PROFILES,
  E2E,
  startTestEmulator,
  udmUser,
  userDn,
} from '../../helpers/e2e.js';
import { userByName } from '../../helpers/ox-read.js';
import { QueueWriter } from '../../helpers/queue-files.js';

let nextContext = 22;
const PROFILES = `${DEFAULT_PROFILES}\nlegacyonly=contacts,webmail\n`;

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(async () => {
  await emu.close();
});

const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);

/**
 * A Python connector's data directory: context CTX and anna provisioned (OX holds them, the old files say so),
 * its credentials, a mapping that puts `description` into city_business, an extra access profile, and two
 * pending changes: anna's new last name and a new user bert who needs all three.
 */
async function legacyDir(CTX: number): Promise<{ dir: string; annaId: number; pending: string[] }> {
  const oxWorld = new E2E(emu, { DEFAULT_CONTEXT: String(CTX) });
  oxWorld.queue('ctx-uuid', 'oxmail/oxcontext', contextDn(CTX), contextObject(CTX));
  oxWorld.queue('anna-uuid', 'users/user', userDn('anna'), udmUser('anna', CTX));
  await oxWorld.runOk();
  const ox = oxWorld.client();
  const annaId = (await userByName(ox, CTX, 'anna'))!.id as number;
  ox.close();

  const dir = mkdtempSync(join(tmpdir(), 'oxc-python-'));
  mkdirSync(join(dir, 'listener', 'old'), { recursive: true });
  mkdirSync(join(dir, 'secrets'));
  writeFileSync(join(dir, 'secrets', 'contexts.json'), readFileSync(join(oxWorld.dataDir, 'secrets', 'contexts.json')));
  const mapping = defaultAttributeMapping();
  mapping.city_business = { ...mapping.city_business, ldap_attribute: 'description' };
  writeFileSync(join(dir, 'AttributeMapping.json'), formatMapping(mapping) + '\n');
  writeFileSync(join(dir, 'ModuleAccessDefinitions.properties'), PROFILES);
  const old = (id: string, type: string, dn: string, object: Record<string, unknown>) =>
    writeFileSync(
      join(dir, 'listener', 'old', `${id}.json`),
      JSON.stringify({ dn, id, object, options: ['default'], udm_object_type: type }, null, 4),
    );
  old('ctx-uuid', 'oxmail/oxcontext', contextDn(CTX), contextObject(CTX));
  old('anna-uuid', 'users/user', userDn('anna'), { ...udmUser('anna', CTX), oxDbId: annaId, oxDbUsername: 'anna' });
  const queue = new QueueWriter(join(dir, 'listener'), '2024-06-01-10-00-00');
  const pending = [
    queue.write('anna-uuid', 'users/user', userDn('anna'), { ...udmUser('anna', CTX), lastname: 'Neumann' }),
    queue.write(
      'bert-uuid',
      'users/user',
      userDn('bert'),
      udmUser('bert', CTX, { oxAccess: 'legacyonly', description: 'Bremen (from the mapping)' }),
    ),
  ];
  writeFileSync(join(dir, 'listener', 'restart.json'), '{}'); // the 3.x app's "run again" file: not a change
  return { dir, annaId, pending };
}

describe('import-legacy takes over the files', () => {
  it('copies credentials, mapping, profiles and pending changes; run --once then provisions them', async () => {
    const CTX = nextContext++;
    const legacy = await legacyDir(CTX);
    const t = new E2E(emu, { DEFAULT_CONTEXT: String(CTX) });
    const ours = (name: string) => join(t.dataDir, name);
    writeFileSync(ours('ModuleAccessDefinitions.properties'), PROFILES); // as a fresh connector may have it: same

    // Dry run: says what would be taken over, copies nothing.
    let r = await t.run(['import-legacy', '--from', legacy.dir, '--dry-run', '--json']);
    expect(r.code, r.stderr).toBe(0);
    let files = JSON.parse(r.stdout).files;
    expect(files.files.map((f: { name: string; action: string }) => `${f.name} ${f.action}`)).toEqual([
      'secrets/contexts.json copy',
      'AttributeMapping.json copy',
      'ModuleAccessDefinitions.properties same',
    ]);
    expect(files.queue).toMatchObject({ files: 2, inPlace: false, conflicts: [], skipped: [] });
    expect(existsSync(ours('secrets/contexts.json'))).toBe(false);
    expect(existsSync(ours('AttributeMapping.json'))).toBe(false);
    expect(t.queueFiles()).toEqual([]);
    r = await t.run(['import-legacy', '--from', legacy.dir, '--dry-run']);
    expect(r.stdout).toMatch(/secrets\/contexts\.json: would be copied to .*secrets\/contexts\.json \(mode 0600\)/);
    expect(r.stdout).toMatch(/queue: 2 pending change\(s\) would be copied from .*listener to .*listener/);

    r = await t.run(['import-legacy', '--from', legacy.dir, '--json']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    files = JSON.parse(r.stdout).files;
    expect(files.notTakenOver).toBe(0);
    expect(readFileSync(ours('secrets/contexts.json'))).toEqual(
      readFileSync(join(legacy.dir, 'secrets', 'contexts.json')),
    );
    expect(mode(ours('secrets/contexts.json'))).toBe('600');
    expect(readFileSync(ours('AttributeMapping.json'), 'utf8')).toBe(
      readFileSync(join(legacy.dir, 'AttributeMapping.json'), 'utf8'),
    );
    expect(t.queueFiles().sort()).toEqual(legacy.pending);
    for (const f of legacy.pending) expect(mode(join(ours('listener'), f))).toBe('600'); // they hold password hashes

    // The pending changes are provisioned with the Python connector's credentials, mapping and profiles.
    r = await t.run();
    expect(r.stdout + r.stderr).not.toMatch(/Cannot find access profile|no admin credentials|Created user anna/);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const ox = t.client();
    const anna = await userByName(ox, CTX, 'anna');
    expect(anna?.id).toBe(legacy.annaId);
    expect(anna?.sur_name).toBe('Neumann');
    expect((await userByName(ox, CTX, 'bert'))?.city_business).toBe('Bremen (from the mapping)');
    ox.close();

    // A second import copies nothing again: those changes were provisioned and must not be replayed.
    r = await t.run(['import-legacy', '--from', legacy.dir, '--json']);
    expect(r.code).toBe(0);
    files = JSON.parse(r.stdout).files;
    expect(files.files.map((f: { action: string }) => f.action)).toEqual(['same', 'same', 'same']);
    expect(files.queue).toMatchObject({ files: 0, earlier: 2 });
    expect(t.queueFiles()).toEqual([]);
  });

  it('keeps what differs here, reports each conflict with what to do, and skips a FIFO', async () => {
    const CTX = nextContext++;
    const legacy = await legacyDir(CTX);
    const t = new E2E(emu, { DEFAULT_CONTEXT: String(CTX) });
    const ours = (name: string) => join(t.dataDir, name);
    const theirs = {
      ...JSON.parse(readFileSync(join(legacy.dir, 'secrets', 'contexts.json'), 'utf8')),
      '77': { adminuser: 'oxadmin77', adminpass: 'Theirs-Only-0077' },
    };
    writeFileSync(join(legacy.dir, 'secrets', 'contexts.json'), JSON.stringify(theirs));
    mkdirSync(ours('secrets'));
    const mine = {
      [String(CTX)]: { adminuser: 'oxadmin', adminpass: 'Ours-Differs-0815' },
      '99': { adminuser: 'oxadmin99', adminpass: 'Only-Ours-0099' },
    };
    writeFileSync(ours('secrets/contexts.json'), JSON.stringify(mine), { mode: 0o600 });
    spawnSync('mkfifo', [join(legacy.dir, 'listener', 'fifo.json')]);
    writeFileSync(join(ours('listener'), legacy.pending[0]), '{"another": "change"}');
    const before = readFileSync(ours('ModuleAccessDefinitions.properties'), 'utf8');

    const r = await t.run(['import-legacy', '--offline', '--from', legacy.dir]);
    expect(r.code, r.stderr).toBe(2);
    // The access profiles differ (E2E's defaults here): kept, with the commands that compare and replace.
    const profiles = join(legacy.dir, 'ModuleAccessDefinitions.properties');
    expect(r.stdout).toContain(
      `ModuleAccessDefinitions.properties: CONFLICT: ${ours('ModuleAccessDefinitions.properties')} exists and differs`,
    );
    expect(r.stdout).toContain(`cp ${profiles} ${ours('ModuleAccessDefinitions.properties')}`);
    expect(readFileSync(ours('ModuleAccessDefinitions.properties'), 'utf8')).toBe(before);
    // Credentials: the context we lack is added, ours are kept where both differ, and it says which.
    const merged = JSON.parse(readFileSync(ours('secrets/contexts.json'), 'utf8'));
    expect(merged[String(CTX)]).toEqual(mine[String(CTX)]);
    expect(merged['99']).toEqual(mine['99']);
    expect(merged['77']).toEqual(theirs['77']);
    expect(r.stdout).toMatch(/added the entries [^;]*\b77\b[^;]* to /);
    expect(mode(ours('secrets/contexts.json'))).toBe('600');
    expect(JSON.parse(readFileSync(ours('secrets/contexts.json.before-import-legacy'), 'utf8'))).toEqual(mine);
    expect(r.stdout).toMatch(new RegExp(`secrets/contexts\\.json: CONFLICT: .*the entries ${CTX} differ between`));
    // A queued file of the same name with other content is kept; the FIFO is named and skipped, not read.
    expect(r.stdout).toContain(`CONFLICT: ${join(ours('listener'), legacy.pending[0])}: a different queue file`);
    expect(r.stdout).toContain(`${join(legacy.dir, 'listener', 'fifo.json')}: not a regular file; not taken over`);
    expect(readFileSync(join(ours('listener'), legacy.pending[0]), 'utf8')).toBe('{"another": "change"}');
    // No password of either file is printed.
    for (const secret of [
      'Ours-Differs-0815',
      'Only-Ours-0099',
      ...Object.values(theirs).map((e) => (e as { adminpass: string }).adminpass),
    ])
      expect(r.stdout + r.stderr).not.toContain(secret);
  });

  it('in place (--from is the data directory) copies nothing and says so', async () => {
    const CTX = nextContext++;
    const legacy = await legacyDir(CTX);
    const t = new E2E(emu, { DEFAULT_CONTEXT: String(CTX) });
    t.dataDir = legacy.dir; // the Python connector's data directory is taken over where it is
    const r = await t.run(['import-legacy', '--offline', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const files = JSON.parse(r.stdout).files;
    expect(files.inPlace).toBe(true);
    expect(files.files.map((f: { action: string }) => f.action)).toEqual(['in-place', 'in-place', 'in-place']);
    expect(files.queue).toMatchObject({ inPlace: true, files: 2 });
    const text = await t.run(['import-legacy', '--offline']);
    expect(text.stdout).toMatch(
      /--from is the data directory: the Python connector's files are already in place \(secrets\/contexts\.json, AttributeMapping\.json, ModuleAccessDefinitions\.properties, 2 queued change\(s\)\); nothing to copy\./,
    );
    expect(existsSync(join(legacy.dir, 'legacy-queue-taken-over.txt'))).toBe(false);
  });
});
