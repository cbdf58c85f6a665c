// Conformance with the original connector (original-behaviour §2.0–2.2, §4.2–4.4, newer-versions §5): end state in
// OX after queue files, read back over SOAP. Each case is a deviation found in the conformance review (decision 0130).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultAttributeMapping } from '../../../src/config/attribute-mapping.js';
import type { RunningEmulator } from '../../../src/emulator/index.js';
import { contextDn, contextObject, E2E, startTestEmulator, udmUser, userDn } from '../../helpers/e2e.js';
import { contextData, userByName } from '../../helpers/ox-read.js';

let emu: RunningEmulator;
let nextCtx = 600;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(async () => {
  await emu.close();
});

async function ok(t: E2E): Promise<string> {
  const r = await t.run();
  expect(r.stderr).toBe('');
  expect(r.stdout).toMatch(/processed=\d+ failed=0 left=0/);
  expect(r.code).toBe(0);
  return r.stdout;
}

/** A fresh data dir with its DEFAULT_CONTEXT provisioned. */
async function setup(env: Record<string, string> = {}) {
  const id = nextCtx++;
  const t = new E2E(emu, { DEFAULT_CONTEXT: String(id), ...env });
  t.queue(`ctx-${id}`, 'oxmail/oxcontext', contextDn(id), contextObject(id));
  await ok(t);
  return { t, id, ox: t.client() };
}

describe('conformance: users', () => {
  it('isOxUser counts only as "OK" or true, as in the original ("ok", "1", "TRUE" are not OX users)', async () => {
    const { t, id, ox } = await setup();
    const variants: [string, unknown][] = [
      ['okstr', 'OK'],
      ['okbool', true],
      ['oklower', 'ok'],
      ['okone', '1'],
      ['oktrue', 'TRUE'],
    ];
    for (const [name, value] of variants)
      t.queue(name, 'users/user', userDn(name), udmUser(name, id, { isOxUser: value }));
    await ok(t);
    expect(await userByName(ox, id, 'okstr')).toBeDefined();
    expect(await userByName(ox, id, 'okbool')).toBeDefined();
    expect(await userByName(ox, id, 'oklower')).toBeUndefined();
    expect(await userByName(ox, id, 'okone')).toBeUndefined();
    expect(await userByName(ox, id, 'oktrue')).toBeUndefined();
    ox.close();
  });

  it('an "E" property missing from AttributeMapping.json is sent as "" and cleared in OX', async () => {
    const { t, id, ox } = await setup();
    t.queue('em', 'users/user', userDn('emap'), udmUser('emap', id, { title: 'Dr.', oxUserfield05: 'five' }));
    await ok(t);
    let u = (await userByName(ox, id, 'emap'))!;
    expect(u.title).toBe('Dr.');
    expect(u.userfield05).toBe('five');
    // A hand-written mapping without the keys "title" and "userfield05": the original never sets them, so its
    // empty SOAP user sends "" for both on the next change.
    const mapping: Record<string, unknown> = defaultAttributeMapping();
    delete mapping.title;
    delete mapping.userfield05;
    writeFileSync(join(t.dataDir, 'AttributeMapping.json'), JSON.stringify(mapping, null, 4));
    t.queue(
      'em',
      'users/user',
      userDn('emap'),
      udmUser('emap', id, { title: 'Dr.', oxUserfield05: 'five', city: 'X' }),
    );
    await ok(t);
    u = (await userByName(ox, id, 'emap'))!;
    expect(u.city_business).toBe('X');
    expect(u.title).toBe('');
    expect(u.userfield05).toBe('');
    ox.close();
  });

  it('display name: the login name only at creation; a later change sends "" as the original does', async () => {
    const { t, id, ox } = await setup();
    const noDisplay = { oxDisplayName: undefined, displayName: undefined };
    t.queue('dn', 'users/user', userDn('nodisp'), udmUser('nodisp', id, noDisplay));
    await ok(t);
    expect((await userByName(ox, id, 'nodisp'))?.display_name).toBe('nodisp');
    t.queue('dn', 'users/user', userDn('nodisp'), udmUser('nodisp', id, { ...noDisplay, city: 'Bremen' }));
    await ok(t);
    const u = (await userByName(ox, id, 'nodisp'))!;
    expect(u.city_business).toBe('Bremen');
    expect(u.display_name).toBe('');
    ox.close();
  });

  it('IMAP/SMTP host from the settings is lower-cased (Python urlparse), scheme and port kept', async () => {
    const { t, id, ox } = await setup({
      OX_IMAP_SERVER: 'imap://IMAP.Example.ORG:143',
      OX_SMTP_SERVER: 'smtp://SMTP.Example.ORG:587',
    });
    t.queue('imap', 'users/user', userDn('imapcase'), udmUser('imapcase', id));
    await ok(t);
    const u = (await userByName(ox, id, 'imapcase'))!;
    expect(u.imapServer).toBe('imap.example.org');
    expect(u.imapServerString).toBe('imap://imap.example.org:143');
    expect(u.smtpServer).toBe('smtp.example.org');
    ox.close();
  });

  it('OX_IMAP_LOGIN is filled like Python str.format: {{ }} are literal braces, {0} is the primary address', async () => {
    const { t, id, ox } = await setup({ OX_IMAP_LOGIN: '{{x}}{0}*{username}' });
    t.queue('il', 'users/user', userDn('imaplogin'), udmUser('imaplogin', id));
    await ok(t);
    expect((await userByName(ox, id, 'imaplogin'))?.imapLogin).toBe('{x}imaplogin@example.org*imaplogin');
    ox.close();
  });

  it('module access after create equals the original’s create + changeByModuleAccess (23 rights; OLOX20, publication at OX defaults)', async () => {
    const { t, id, ox } = await setup();
    t.queue('ma', 'users/user', userDn('modacc'), udmUser('modacc', id, { oxAccess: 'webmail' }));
    await ok(t);
    const u = (await userByName(ox, id, 'modacc'))!;
    const access = (await ox.call('OXUserService', 'getModuleAccess', {
      ctx: { id },
      user: { id: u.id as number },
    })) as Record<string, boolean>;
    // The original's changeByModuleAccess sends the 23 rights only; OX fills the other three with its defaults.
    expect(access.webmail).toBe(true);
    expect(access.contacts).toBe(true);
    expect(access.calendar).toBe(false);
    expect(access.USM).toBe(false);
    expect(access.OLOX20).toBe(true);
    expect(access.publication).toBe(true);
    expect(access.publicFolderEditable).toBe(false);
    ox.close();
  });
});

describe('conformance: contexts', () => {
  it('a context that already exists in OX gets the UDM name and quota (the original’s modify sends both)', async () => {
    const id = nextCtx++;
    const t = new E2E(emu, { DEFAULT_CONTEXT: String(id) });
    const ox = t.client();
    await ox.call('OXContextService', 'create', {
      ctx: { id, name: `legacy${id}`, maxQuota: 10 },
      admin_user: {
        name: 'oxadmin',
        display_name: 'OX Admin',
        given_name: 'OX',
        sur_name: 'Admin',
        primaryEmail: `oxadmin${id}@example.org`,
        email1: `oxadmin${id}@example.org`,
        password: 'secret-admin-pw',
      },
    });
    t.queue(`ctx-${id}`, 'oxmail/oxcontext', contextDn(id), contextObject(id, 500));
    await ok(t);
    const c = await contextData(ox, id);
    expect(c?.name).toBe(`context${id}`);
    expect(c?.maxQuota).toBe(500);
    ox.close();
  });

  it('the credentials file has the bytes of Python json.dump(indent=2, sort_keys=True)', async () => {
    const { t, id } = await setup();
    const text = readFileSync(join(t.dataDir, 'secrets', 'contexts.json'), 'utf8');
    const creds = t.credentials()[String(id)];
    expect(text).toBe(`{\n  "${id}": {\n    "adminpass": "${creds.adminpass}",\n    "adminuser": "oxadmin"\n  }\n}`);
  });
});
