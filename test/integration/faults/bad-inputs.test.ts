// A corpus of bad inputs, end to end through `run --once` against the emulator. For each: a clear error that
// names the object (type/DN or queue file) and says what to do; unrelated objects are still provisioned; the bad
// item is not lost (it stays queued, visible in `tasks list`); values that are merely unusual (XML
// metacharacters, long texts) arrive in OX unchanged. No password used by the test appears in any output.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../../src/emulator/index.js';
import {
  contextDn,
  contextObject,
  E2E,
  MASTER_PASSWORD,
  startTestEmulator,
  udmUser,
  userDn,
} from '../../helpers/e2e.js';
import { userByName } from '../../helpers/ox-read.js';

const CTX = 880;
const USER_PASSWORD = '{crypt}$6$Corpus-Secret-0815';
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082',
  'hex',
).toString('base64');

interface Item {
  objectId: string | null;
  type: string | null;
  dn: string | null;
  status: string;
  files: string[];
  error?: string;
}

let emu: RunningEmulator;
let t: E2E;
let log = '';
let items: Item[] = [];
const badFile = '2024-05-02-14-03-07-000000-broken.json';

const bad = (name: string, extra: Record<string, unknown>) => udmUser(name, CTX, { password: USER_PASSWORD, ...extra });

beforeAll(async () => {
  emu = await startTestEmulator();
  t = new E2E(emu, { DEFAULT_CONTEXT: String(CTX) });
  t.queue('ctx', 'oxmail/oxcontext', contextDn(CTX), contextObject(CTX));
  writeFileSync(join(t.dataDir, 'listener', badFile), '{"dn": "uid=half,dc=example,dc=org", "id": ');
  t.queue('unknown-type', 'oxmail/nonsense', 'cn=nonsense,dc=example,dc=org', { name: 'x' });
  t.queue('no-identifier', 'users/user', userDn('noname'), bad('noname', { username: '' }));
  t.queue('two-identifiers', 'users/user', userDn('twonames'), bad('twonames', { username: ['twoa', 'twob'] }));
  t.queue('bad-date', 'users/user', userDn('baddate'), bad('baddate', { birthday: '2023-02-30' }));
  t.queue('png-photo', 'users/user', userDn('pngphoto'), bad('pngphoto', { jpegPhoto: PNG }));
  t.queue('no-context-creds', 'users/user', userDn('nocreds'), bad('nocreds', { oxContext: '881' }));
  t.queue('no-mail', 'users/user', userDn('nomail'), bad('nomail', { mailPrimaryAddress: '', 'e-mail': [] }));
  t.queue('group-no-name', 'groups/group', 'cn=nameless,cn=groups,dc=example,dc=org', {
    name: '',
    isOxGroup: 'OK',
    users: [userDn('fine1')],
  });
  t.queue('group-two-names', 'groups/group', 'cn=twonames,cn=groups,dc=example,dc=org', {
    name: ['a', 'b'],
    isOxGroup: 'OK',
    users: [userDn('fine2')],
  });
  t.queue('resource-no-mail', 'oxresources/oxresources', 'cn=mailless,cn=resources,dc=example,dc=org', {
    name: 'mailless',
    oxContext: String(CTX),
  });
  t.queue('fa-no-address', 'oxmail/functional_account', 'cn=addressless,cn=functional_accounts,dc=example,dc=org', {
    name: 'No address',
    users: [userDn('fine3')],
  });
  t.queue('ctx-bad-id', 'oxmail/oxcontext', 'cn=contextx,cn=open-xchange,dc=example,dc=org', { contextid: 'x' });
  // Unusual but valid: must arrive unchanged.
  t.queue('xml-meta', 'users/user', userDn('xmlmeta'), bad('xmlmeta', { oxDisplayName: `A <b>&amp; "q" 'a' ]]> ü` }));
  t.queue('control', 'users/user', userDn('control'), bad('control', { street: 'Line\u0001with\u0007control\u001f' }));
  t.queue('big', 'users/user', userDn('bigvalue'), bad('bigvalue', { street: 'x'.repeat(1024 * 1024) }));
  // Unrelated objects that must be provisioned whatever happens around them.
  for (const n of ['fine1', 'fine2', 'fine3']) t.queue(n, 'users/user', userDn(n), bad(n, {}));
  const r = await t.run();
  log = r.stdout + r.stderr;
  const status = await t.run(['status', '--verbose']);
  log += status.stdout + status.stderr;
  const list = await t.run(['tasks', 'list', '--json']);
  log += list.stderr;
  items = JSON.parse(list.stdout) as Item[];
}, 60_000);

afterAll(async () => {
  await emu.close();
});

const itemOf = (objectId: string) => items.find((i) => i.objectId === objectId);

describe('bad inputs', () => {
  it('still provisions unrelated objects', async () => {
    const ox = t.client();
    for (const n of ['fine1', 'fine2', 'fine3']) expect(await userByName(ox, CTX, n), n).toBeDefined();
    ox.close();
  });

  it('malformed JSON: names the file and says fix or remove; the file stays queued', () => {
    expect(log).toMatch(new RegExp(`${badFile.replace(/[.]/g, '\\.')} is not valid JSON .*fix or remove it`));
    expect(items.some((i) => i.files.some((f) => f.endsWith(badFile)))).toBe(true);
  });

  it('unknown object type: stays queued and visible, named with its type', () => {
    const item = itemOf('unknown-type');
    expect(item, JSON.stringify(items)).toBeDefined();
    expect(item!.type).toBe('oxmail/nonsense');
  });

  it.each([
    ['no-identifier', /users\/user uid=noname.*OX_USER_IDENTIFIER is empty; give the user a value/],
    ['two-identifiers', /users\/user uid=twonames.*several values.*give the user one value/],
    ['bad-date', /users\/user uid=baddate.*'2023-02-30' is not a date.*correct it/],
    ['no-context-creds', /users\/user uid=nocreds.*no admin credentials for context 881.*provision the context first/],
    ['group-no-name', /groups\/group cn=nameless.*empty; give the group a value/],
    ['group-two-names', /groups\/group cn=twonames.*2 values; choose a single-valued property/],
    ['resource-no-mail', /oxresources\/oxresources cn=mailless.*OX needs a mail address; set resourceMailAddress/],
    ['fa-no-address', /oxmail\/functional_account cn=addressless.*no mailPrimaryAddress; set one/],
    ['ctx-bad-id', /oxmail\/oxcontext cn=contextx.*not a positive integer; correct the context object/],
    ['no-mail', /users\/user uid=nomail.*Mandatory fields not set: \[primaryEmail, email1\].*Correct the object/],
    ['control', /users\/user uid=control.*street_business contains a control character that XML cannot carry/],
  ])('%s: parked with an error that names the object and says what to do', (id, message) => {
    const item = itemOf(id);
    expect(item, `${id} in ${JSON.stringify(items.map((i) => i.objectId))}`).toBeDefined();
    expect(item!.status).toBe('parked');
    expect(item!.error).toMatch(message);
    expect(item!.files.length).toBeGreaterThan(0);
  });

  it('a non-JPEG photo: the user is provisioned without it, and a warning names the user', async () => {
    expect(itemOf('png-photo')).toBeUndefined();
    expect(log).toMatch(/WARNING.*We only support jpeg images\. Ignoring image.*uid=pngphoto/);
    const ox = t.client();
    const u = await userByName(ox, CTX, 'pngphoto');
    expect(u).toBeDefined();
    expect(u?.image1).toBeFalsy();
    ox.close();
  });

  it('XML metacharacters arrive in OX unchanged', async () => {
    const ox = t.client();
    const u = await userByName(ox, CTX, 'xmlmeta');
    expect(u?.display_name).toBe(`A <b>&amp; "q" 'a' ]]> ü`);
    ox.close();
  });

  it('a 1 MB value arrives in OX whole and does not hold up the run', async () => {
    expect(itemOf('big')).toBeUndefined();
    const ox = t.client();
    const u = await userByName(ox, CTX, 'bigvalue');
    expect(String(u?.street_business ?? u?.street_home ?? '')).toHaveLength(1024 * 1024);
    ox.close();
  });

  it('no password used in the test appears in any output', () => {
    const secrets = [MASTER_PASSWORD, USER_PASSWORD, ...Object.values(t.credentials()).map((c) => c.adminpass)];
    expect(secrets.length).toBeGreaterThan(2);
    for (const s of secrets) expect(log.includes(s), `a password appears in the output`).toBe(false);
  });
});
