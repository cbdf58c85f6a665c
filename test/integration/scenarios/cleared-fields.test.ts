// Issue 14 item 5: every managed field cleared in the directory is cleared in OX wherever OX's SOAP API allows
// it; birthday and anniversary, which OX cannot unset, stay and the connector says so. End to end against the
// emulator, one row per entry of the default attribute mapping.
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultAttributeMapping, soapUserElement } from '../../../src/config/attribute-mapping.js';
import { contextDn, contextObject, E2E, resourceDn, udmResource, udmUser, userDn, useE2E } from '../../helpers/e2e.js';
import { contextData, resourceNamed, userByName } from '../../helpers/ox-read.js';

type Obj = Record<string, unknown>;

const e2e = useE2E(1450);

const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0]).toString('base64');

/** Directory values that must have a form (addresses, numbers, dates…); every other attribute gets `v-<name>`. */
const VALUES: Obj = {
  oxEmail2: 'second@example.org',
  oxEmail3: 'third@example.org',
  oxUserQuota: '100',
  mailHomeServer: 'mx.example.org',
  phone: ['+49 1', '+49 2'],
  homeTelephoneNumber: ['+49 3', '+49 4'],
  mobileTelephoneNumber: ['+49 5'],
  roomNumber: ['B 12'],
  pagerTelephoneNumber: ['+49 6'],
  mailAlternativeAddress: ['alt@example.org'],
  jpegPhoto: JPEG,
  birthday: '1990-04-01',
  oxAnniversary: '2010-06-01',
  oxDisplayName: 'Clara Display',
  displayName: 'Clara Fallback',
};

/** What OX holds for an element once the directory value is set (default: the directory value itself). */
const SET_IN_OX: Obj = {
  telephone_business1: '+49 1',
  telephone_business2: '+49 2',
  telephone_home1: '+49 3',
  telephone_home2: '+49 4',
  cellular_telephone2: '+49 5',
  room_number: 'B 12',
  telephone_pager: '+49 6',
  maxQuota: 100,
  imapServer: 'mx.example.org',
  smtpServer: 'mx.example.org',
  aliases: ['alt@example.org', 'clara@example.org'],
  image1: JPEG,
  display_name: 'Clara Display',
};

/** What OX holds for an element after the directory cleared it (default: nothing, i.e. "" or nil). */
const CLEARED_IN_OX: Obj = {
  // No quota of its own (-1 = unlimited, docs/reference/ox-soap-types.md).
  maxQuota: -1,
  // The host falls back to the one of OX_IMAP_SERVER / OX_SMTP_SERVER (docs/reference/original-connector.md).
  imapServer: 'imap.example.org',
  smtpServer: 'smtp.example.org',
  // The primary address is always an alias.
  aliases: ['clara@example.org'],
  // OX cannot unset a date over SOAP: the old value stays (docs/reference/ox-user-fields.md).
  birthday: '1990-04-01',
  anniversary: '2010-06-01',
};

/** Mapping entries left out of the table, and why. */
const NOT_CLEARED_HERE: Record<string, string> = {
  email1: 'the primary address is mandatory in OX',
  given_name: 'mandatory in UDM (firstname) and in OX at creation',
  sur_name: 'mandatory in UDM (lastname) and in OX at creation',
  // OX computes usedQuota and ignores it on input; max_quota covers oxUserQuota.
  used_quota: 'read-only in OX',
};

interface Row {
  property: string;
  element: string;
  udm: string;
  set: unknown;
  cleared: unknown;
}

function rows(): Row[] {
  const out: Row[] = [];
  for (const [property, entry] of Object.entries(defaultAttributeMapping())) {
    if (NOT_CLEARED_HERE[property] || !entry.ldap_attribute) continue;
    const element = soapUserElement(property);
    const udm = entry.ldap_attribute;
    out.push({
      property,
      element,
      udm,
      set: element in SET_IN_OX ? SET_IN_OX[element] : (VALUES[udm] ?? `v-${udm}`),
      cleared: CLEARED_IN_OX[element],
    });
  }
  return out;
}

const ROWS = rows();
/** The UDM attributes the table sets (displayName too: it is display_name's alternative). */
const SET_ATTRIBUTES: Obj = Object.fromEntries(
  [...new Set([...ROWS.map((r) => r.udm), 'displayName'])].map((udm) => [udm, VALUES[udm] ?? `v-${udm}`]),
);

function held(user: Obj | undefined, element: string): unknown {
  const value = user?.[element];
  if (Array.isArray(value)) return [...(value as string[])].sort();
  return value === null || value === undefined ? '' : value;
}

function normalise(expected: unknown): unknown {
  if (Array.isArray(expected)) return [...(expected as string[])].sort();
  return expected === undefined ? '' : expected;
}

describe('fields cleared in the directory are cleared in OX (issue 14 item 5)', () => {
  let t: E2E;
  let before: Obj | undefined;
  let after: Obj | undefined;
  let clearOutput = '';

  beforeAll(async () => {
    const setup = await e2e.setup();
    t = setup.t;
    const ctx = setup.ids[0];
    const bare = udmUser('clara', ctx);
    delete bare.displayName;
    delete bare.oxDisplayName;
    t.queue('clara', 'users/user', userDn('clara'), { ...bare, ...SET_ATTRIBUTES });
    await t.runOk();
    before = await userByName(setup.ox, ctx, 'clara');
    // UCS leaves a cleared attribute out of the object (docs/reference/udm-objects.md).
    t.queue('clara', 'users/user', userDn('clara'), bare);
    clearOutput = await t.runOk();
    after = await userByName(setup.ox, ctx, 'clara');
    setup.ox.close();
  });

  it('the table covers every entry of the default mapping', () => {
    const covered = new Set([...ROWS.map((r) => r.property), ...Object.keys(NOT_CLEARED_HERE)]);
    expect([...covered].sort()).toEqual(Object.keys(defaultAttributeMapping()).sort());
  });

  it.each(ROWS)('$property ($udm → $element): set, then cleared', ({ element, set, cleared }) => {
    expect(held(before, element)).toEqual(normalise(set));
    expect(held(after, element)).toEqual(normalise(cleared));
  });

  it('image1ContentType goes with the picture', () => {
    expect(before?.image1ContentType).toBe('image/jpeg');
    expect(held(after, 'image1ContentType')).toBe('');
  });

  it('a date OX cannot unset is named in a warning with what to do', () => {
    expect(clearOutput).toMatch(/users\/user.*birthday was removed in the directory, but OX cannot unset it/);
    expect(clearOutput).toMatch(/anniversary was removed in the directory.*remove it in OX App Suite/);
  });
});

describe('the reported case and resources (issue 14 item 5)', () => {
  it('employeeType alone cleared is cleared in OX', async () => {
    const { t, ids, ox } = await e2e.setup();
    t.queue('dora', 'users/user', userDn('dora'), udmUser('dora', ids[0], { employeeType: 'staff' }));
    await t.runOk();
    expect((await userByName(ox, ids[0], 'dora'))?.employeeType).toBe('staff');
    t.queue('dora', 'users/user', userDn('dora'), udmUser('dora', ids[0]));
    await t.runOk();
    expect(held(await userByName(ox, ids[0], 'dora'), 'employeeType')).toBe('');
    ox.close();
  });

  it('a context: oxQuota cleared is unlimited (-1) in OX', async () => {
    const id = e2e.newContextId();
    const t = new E2E(e2e.emulator, { DEFAULT_CONTEXT: String(id) });
    t.queue(`ctx-${id}`, 'oxmail/oxcontext', contextDn(id), contextObject(id, 500));
    await t.runOk();
    const ox = t.client();
    expect((await contextData(ox, id))?.maxQuota).toBe(500);
    t.queue(`ctx-${id}`, 'oxmail/oxcontext', contextDn(id), contextObject(id));
    await t.runOk();
    expect((await contextData(ox, id))?.maxQuota).toBe(-1);
    ox.close();
  });

  it('a resource: description cleared, display name back to the name', async () => {
    const { t, ids, ox } = await e2e.setup();
    const dn = resourceDn('room1');
    t.queue('room1', 'oxresources/oxresources', dn, udmResource('room1', { oxContext: String(ids[0]) }));
    await t.runOk();
    const set = await resourceNamed(ox, ids[0], 'room1');
    expect(set?.description).toBe('The room1');
    expect(set?.displayname).toBe('Room room1');
    const cleared = udmResource('room1', { oxContext: String(ids[0]) });
    delete cleared.description;
    delete cleared.displayname;
    t.queue('room1', 'oxresources/oxresources', dn, cleared);
    await t.runOk();
    const after = await resourceNamed(ox, ids[0], 'room1');
    expect(held(after, 'description')).toBe('');
    expect(after?.displayname).toBe('room1');
    ox.close();
  });
});
