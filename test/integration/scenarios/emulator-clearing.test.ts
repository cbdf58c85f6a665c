// Issue 14 item 5, the emulator's side: a User `change` clears fields the way the contract says OX does
// (docs/reference/ox-soap-contract.md, docs/reference/ox-user-fields.md) — over HTTP, with envelopes written out by
// hand.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../../src/emulator/index.js';
import { OxClient } from '../../../src/ox/index.js';
import { MASTER_PASSWORD, startTestEmulator } from '../../helpers/e2e.js';

const CTX = 1470;
const ADMIN = { login: 'oxadmin', password: 'Admin-Secret-1' };
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1]).toString('base64');

let emu: RunningEmulator;
let ox: OxClient;
let userId: number;

/** An OXUserService change of user `userId` with `members` (already-encoded do: elements) as usrdata. */
async function rawChange(members: string): Promise<{ status: number; text: string }> {
  const body =
    '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body>' +
    '<tns:change xmlns:tns="http://soap.admin.openexchange.com" xmlns:do="http://dataobjects.soap.admin.openexchange.com/xsd" xmlns:rmido="http://dataobjects.rmi.admin.openexchange.com/xsd">' +
    `<tns:ctx><do:id>${CTX}</do:id></tns:ctx><tns:usrdata>${members}<do:id>${userId}</do:id></tns:usrdata>` +
    `<tns:auth><rmido:login>${ADMIN.login}</rmido:login><rmido:password>${ADMIN.password}</rmido:password></tns:auth>` +
    '</tns:change></soapenv:Body></soapenv:Envelope>';
  const res = await fetch(`${emu.url}/OXUserService`, {
    method: 'POST',
    body,
    headers: { 'Content-Type': 'text/xml' },
  });
  return { status: res.status, text: await res.text() };
}

async function user(): Promise<Record<string, unknown>> {
  return (await ox.call('OXUserService', 'getData', { ctx: { id: CTX }, user: { id: userId } })) as Record<
    string,
    unknown
  >;
}

beforeAll(async () => {
  emu = await startTestEmulator();
  ox = new OxClient({
    baseUrl: emu.url,
    credentials: {
      master: () => ({ login: 'oxadminmaster', password: MASTER_PASSWORD }),
      contextAdmin: () => ADMIN,
    },
  });
  const admin = { display_name: 'Admin', given_name: 'O', sur_name: 'X', primaryEmail: 'a@example.org' };
  await ox.call('OXContextService', 'create', {
    ctx: { id: CTX, maxQuota: -1 },
    admin_user: { name: ADMIN.login, password: ADMIN.password, email1: admin.primaryEmail, ...admin },
  });
  const created = (await ox.call('OXUserService', 'create', {
    ctx: { id: CTX },
    usrdata: {
      name: 'eve',
      password: 'Secret-1',
      display_name: 'Eve',
      given_name: 'Eve',
      sur_name: 'Example',
      primaryEmail: 'eve@example.org',
      email1: 'eve@example.org',
      employeeType: 'staff',
      birthday: '1990-04-01',
      image1: JPEG,
      image1ContentType: 'image/jpeg',
      maxQuota: 100,
    },
  })) as { id: number };
  userId = created.id;
});

afterAll(async () => {
  ox?.close();
  await emu?.close();
});

describe('emulator: clearing user fields as OX does', () => {
  it('nil and absent leave a field as it is', async () => {
    const r = await rawChange('<do:birthday xsi:nil="true"/><do:employeeType xsi:nil="true"/>');
    expect(r.status).toBe(200);
    const u = await user();
    expect(u.employeeType).toBe('staff');
    expect(u.birthday).toBe('1990-04-01');
  });

  it('an empty string clears a string field', async () => {
    expect((await rawChange('<do:employeeType></do:employeeType>')).status).toBe(200);
    expect((await user()).employeeType ?? '').toBe('');
  });

  it('an empty date is refused, so a date cannot be unset: it keeps its value', async () => {
    const r = await rawChange('<do:birthday></do:birthday>');
    expect(r.status).toBe(500);
    expect(r.text).toMatch(/Invalid value in element &quot;birthday&quot;|Invalid value in element "birthday"/);
    expect((await user()).birthday).toBe('1990-04-01');
  });

  it('an empty image with an empty content type leaves no picture; maxQuota -1 is unlimited', async () => {
    expect((await user()).image1).toBe(JPEG);
    const r = await rawChange(
      '<do:image1ContentType></do:image1ContentType><do:image1></do:image1><do:maxQuota>-1</do:maxQuota>',
    );
    expect(r.status).toBe(200);
    const u = await user();
    expect(u.image1 ?? '').toBe('');
    expect(u.image1ContentType ?? '').toBe('');
    expect(u.maxQuota).toBe(-1);
  });
});
