// Conformance with the original connector (docs/reference/original-connector.md): end state in
// OX after queue files, read back over SOAP. Each case is a deviation found in the conformance review (decision 0130).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultAttributeMapping } from '../../../src/config/attribute-mapping.js';
import { contextDn, contextObject, E2E, udmUser, userDn, useE2E } from '../../helpers/e2e.js';
import { contextData, userByName } from '../../helpers/ox-read.js';

const e2e = useE2E(600);

describe('conformance: users', () => {
  it('isOxUser counts only as "OK" or true, as in the original ("ok", "1", "TRUE" are not OX users)', async () => {
    const {
      t,
      ids: [id],
      ox,
    } = await e2e.setup();
    const variants: [string, unknown][] = [
      ['okstr', 'OK'],
      ['okbool', true],
      ['oklower', 'ok'],
      ['okone', '1'],
      ['oktrue', 'TRUE'],
    ];
    for (const [name, value] of variants)
      t.queue(name, 'users/user', userDn(name), udmUser(name, id, { isOxUser: value }));
    await t.runOk();
    expect(await userByName(ox, id, 'okstr')).toBeDefined();
    expect(await userByName(ox, id, 'okbool')).toBeDefined();
    expect(await userByName(ox, id, 'oklower')).toBeUndefined();
    expect(await userByName(ox, id, 'okone')).toBeUndefined();
    expect(await userByName(ox, id, 'oktrue')).toBeUndefined();
    ox.close();
  });

  it('an "E" property missing from AttributeMapping.json is sent as "" and cleared in OX', async () => {
    const {
      t,
      ids: [id],
      ox,
    } = await e2e.setup();
    t.queue('em', 'users/user', userDn('emap'), udmUser('emap', id, { title: 'Dr.', oxUserfield05: 'five' }));
    await t.runOk();
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
    await t.runOk();
    u = (await userByName(ox, id, 'emap'))!;
    expect(u.city_business).toBe('X');
    expect(u.title).toBe('');
    expect(u.userfield05).toBe('');
    ox.close();
  });

  it('display name: the login name only at creation; a later change sends "" as the original does', async () => {
    const {
      t,
      ids: [id],
      ox,
    } = await e2e.setup();
    const noDisplay = { oxDisplayName: undefined, displayName: undefined };
    t.queue('dn', 'users/user', userDn('nodisp'), udmUser('nodisp', id, noDisplay));
    await t.runOk();
    expect((await userByName(ox, id, 'nodisp'))?.display_name).toBe('nodisp');
    t.queue('dn', 'users/user', userDn('nodisp'), udmUser('nodisp', id, { ...noDisplay, city: 'Bremen' }));
    await t.runOk();
    const u = (await userByName(ox, id, 'nodisp'))!;
    expect(u.city_business).toBe('Bremen');
    expect(u.display_name).toBe('');
    ox.close();
  });

  it('IMAP/SMTP host from the settings is lower-cased (Python urlparse), scheme and port kept', async () => {
    const {
      t,
      ids: [id],
      ox,
    } = await e2e.setup(1, {
      OX_IMAP_SERVER: 'imap://IMAP.Example.ORG:143',
      OX_SMTP_SERVER: 'smtp://SMTP.Example.ORG:587',
    });
    t.queue('imap', 'users/user', userDn('imapcase'), udmUser('imapcase', id));
    await t.runOk();
    const u = (await userByName(ox, id, 'imapcase'))!;
    expect(u.imapServer).toBe('imap.example.org');
    expect(u.imapServerString).toBe('imap://imap.example.org:143');
    expect(u.smtpServer).toBe('smtp.example.org');
    ox.close();
  });

  it('OX_IMAP_LOGIN is filled like Python str.format: {{ }} are literal braces, {0} is the primary address', async () => {
    const {
      t,
      ids: [id],
      ox,
    } = await e2e.setup(1, { OX_IMAP_LOGIN: '{{x}}{0}*{username}' });
    t.queue('il', 'users/user', userDn('imaplogin'), udmUser('imaplogin', id));
    await t.runOk();
    expect((await userByName(ox, id, 'imaplogin'))?.imapLogin).toBe('{x}imaplogin@example.org*imaplogin');
    ox.close();
  });

  it('module access after create equals the original’s create + changeByModuleAccess (23 rights; OLOX20, publication at OX defaults)', async () => {
    const {
      t,
      ids: [id],
      ox,
    } = await e2e.setup();
    t.queue('ma', 'users/user', userDn('modacc'), udmUser('modacc', id, { oxAccess: 'webmail' }));
    await t.runOk();
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
    const id = e2e.newContextId();
    const t = new E2E(e2e.emulator, { DEFAULT_CONTEXT: String(id) });
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
    await t.runOk();
    const c = await contextData(ox, id);
    expect(c?.name).toBe(`context${id}`);
    expect(c?.maxQuota).toBe(500);
    ox.close();
  });

  it('the credentials file has the bytes of Python json.dump(indent=2, sort_keys=True)', async () => {
    const {
      t,
      ids: [id],
    } = await e2e.setup();
    const text = readFileSync(join(t.dataDir, 'secrets', 'contexts.json'), 'utf8');
    const creds = t.credentials()[String(id)];
    expect(text).toBe(`{\n  "${id}": {\n    "adminpass": "${creds.adminpass}",\n    "adminuser": "oxadmin"\n  }\n}`);
  });
});
