// An independent WSDL-driven client (npm `soap`) against a started emulator: loads every service's WSDL and
// runs create/getData/change/delete for a context, a user, a group and a resource; faults arrive as faults.
import http from 'node:http';
import soap from 'soap';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/index.js';
import { OX_SERVICES } from '../../../src/ox/index.js';

let emu: RunningEmulator;
const master = { login: 'oxadminmaster', password: 'master-secret' };
const admin = { login: 'oxadmin', password: 'admin-secret' };
const clients: Record<string, soap.Client> = {};

beforeAll(async () => {
  emu = await startEmulator({ masterPassword: master.password });
  for (const name of Object.keys(OX_SERVICES)) clients[name] = await soap.createClientAsync(`${emu.url}/${name}?wsdl`);
});
afterAll(() => emu.close());

function faultString(error: unknown): string {
  const root = (error as { root?: { Envelope?: { Body?: { Fault?: { faultstring?: string } } } } }).root;
  const text = root?.Envelope?.Body?.Fault?.faultstring;
  if (text === undefined) throw error;
  return text;
}

describe('npm soap client against the emulator', () => {
  it('loads every WSDL with every operation of the schema', () => {
    for (const [name, def] of Object.entries(OX_SERVICES)) {
      const described = clients[name].describe() as Record<string, Record<string, Record<string, unknown>>>;
      expect(Object.keys(described)).toEqual([name]);
      const port = described[name][def.port];
      expect(Object.keys(port).sort()).toEqual(Object.keys(def.operations).sort());
    }
  });

  it('context: create, getData, change, delete', async () => {
    const c = clients.OXContextService;
    const [created] = await c.createAsync({
      ctx: { id: 10, maxQuota: 1000, name: 'ten' },
      admin_user: {
        name: 'oxadmin',
        display_name: 'Admin',
        given_name: 'A',
        sur_name: 'Dmin',
        password: admin.password,
        primaryEmail: 'admin@ten.org',
        email1: 'admin@ten.org',
      },
      auth: master,
    });
    expect(created.return).toMatchObject({ id: 10, name: 'ten', enabled: true });
    await c.changeAsync({ ctx: { id: 10, maxQuota: 2000 }, auth: master });
    const [read] = await c.getDataAsync({ ctx: { id: 10 }, auth: master });
    expect(read.return.maxQuota).toBe(2000);
    const [exists] = await c.existsAsync({ ctx: { id: 10 }, auth: master });
    expect(exists.return).toBe(true);

    await c.createAsync({
      ctx: { id: 11, maxQuota: -1 },
      admin_user: {
        name: 'oxadmin',
        display_name: 'Admin',
        given_name: 'A',
        sur_name: 'Dmin',
        password: 'x',
        primaryEmail: 'a@e.org',
        email1: 'a@e.org',
      },
      auth: master,
    });
    await c.deleteAsync({ ctx: { id: 11 }, auth: master });
    await expect(c.getDataAsync({ ctx: { id: 11 }, auth: master }).catch(faultString)).resolves.toMatch(
      /^Context 11 does not exist; exceptionId /,
    );
  });

  it('user: create, getData, change, delete — XML metacharacters survive', async () => {
    const c = clients.OXUserService;
    const [created] = await c.createAsync({
      ctx: { id: 10 },
      usrdata: {
        name: 'anna',
        display_name: '<Tom & "Jerry">',
        given_name: 'Anna',
        sur_name: 'Alster',
        password: 'pw',
        primaryEmail: 'anna@ten.org',
        email1: 'anna@ten.org',
        aliases: ['anna@ten.org', 'a.alster@ten.org'],
      },
      auth: admin,
    });
    const id = created.return.id as number;
    expect(id).toBeGreaterThan(2);
    const [read] = await c.getDataAsync({ ctx: { id: 10 }, user: { id }, auth: admin });
    expect(read.return).toMatchObject({
      name: 'anna',
      display_name: '<Tom & "Jerry">',
      aliases: ['anna@ten.org', 'a.alster@ten.org'],
    });
    await c.changeAsync({ ctx: { id: 10 }, usrdata: { id, display_name: 'Anna A.', department: '' }, auth: admin });
    const [again] = await c.getDataAsync({ ctx: { id: 10 }, user: { name: 'anna' }, auth: admin });
    expect(again.return).toMatchObject({ id, display_name: 'Anna A.', department: '' });
    await c.deleteAsync({ ctx: { id: 10 }, user: { id }, auth: admin });
    await expect(
      c.getDataAsync({ ctx: { id: 10 }, user: { name: 'anna' }, auth: admin }).catch(faultString),
    ).resolves.toMatch(/^No such user anna in context 10; exceptionId/);
  });

  it('group: create, getData, change, delete', async () => {
    const c = clients.OXGroupService;
    const [created] = await c.createAsync({
      ctx: { id: 10 },
      grp: { name: 'sales', displayname: 'Sales', members: [2] },
      auth: admin,
    });
    const id = created.return.id as number;
    await c.changeAsync({ ctx: { id: 10 }, grp: { id, displayname: 'Sales team', members: [2] }, auth: admin });
    const [read] = await c.getDataAsync({ ctx: { id: 10 }, grp: { name: 'sales' }, auth: admin });
    expect(read.return).toMatchObject({ id, name: 'sales', displayname: 'Sales team', members: [2] });
    await c.deleteAsync({ ctx: { id: 10 }, grp: { id }, auth: admin });
    await expect(
      c.getDataAsync({ ctx: { id: 10 }, grp: { name: 'sales' }, auth: admin }).catch(faultString),
    ).resolves.toMatch(/^com\.openexchange\.admin\.rmi\.exceptions\.NoSuchObjectException: /);
  });

  it('resource: create, getData, change, delete', async () => {
    const c = clients.OXResourceService;
    const [created] = await c.createAsync({
      ctx: { id: 10 },
      res: { name: 'beamer', displayname: 'Beamer', email: 'beamer@ten.org' },
      auth: admin,
    });
    const id = created.return.id as number;
    await c.changeAsync({ ctx: { id: 10 }, res: { id, description: 'Room 1' }, auth: admin });
    const [read] = await c.getDataAsync({ ctx: { id: 10 }, res: { id }, auth: admin });
    expect(read.return).toMatchObject({ id, name: 'beamer', description: 'Room 1', available: true });
    await c.deleteAsync({ ctx: { id: 10 }, res: { id }, auth: admin });
    const [all] = await c.listAllAsync({ ctx: { id: 10 }, auth: admin });
    expect(all?.return ?? []).toEqual([]);
  });

  it('wrong credentials arrive as a SOAP fault with OX text', async () => {
    const error = await clients.OXUserService.listAllAsync({
      ctx: { id: 10 },
      auth: { login: 'oxadmin', password: 'wrong' },
    }).catch((e: unknown) => e);
    expect(faultString(error)).toMatch(/^Authentication failed; exceptionId -?\d+-\d+$/);
    expect((error as { response?: { status?: number } }).response?.status).toBe(500);
  });
});

describe('WSDL', () => {
  it('advertises the address the client used (Host header)', async () => {
    const viaLocalhost = await fetch(`http://localhost:${emu.port}/webservices/OXUserService?wsdl`).then((r) =>
      r.text(),
    );
    expect(viaLocalhost).toContain(`<soap:address location="http://localhost:${emu.port}/webservices/OXUserService"/>`);
    // fetch cannot set Host; node:http can (as a reverse proxy would).
    const viaProxy = (headers: Record<string, string>) =>
      new Promise<string>((resolve, reject) => {
        http
          .get({ port: emu.port, host: '127.0.0.1', path: '/webservices/OXGroupService?wsdl', headers }, (res) => {
            let text = '';
            res.on('data', (c: Buffer) => (text += c.toString()));
            res.on('end', () => resolve(text));
          })
          .on('error', reject);
      });
    expect(await viaProxy({ Host: 'ox.example.org:8443', 'X-Forwarded-Proto': 'https' })).toContain(
      '<soap:address location="https://ox.example.org:8443/webservices/OXGroupService"/>',
    );
    // X-Forwarded-Port wins over the Host header's port, as in OX (docs/reference/ox-soap-contract.md).
    expect(
      await viaProxy({ Host: 'ox.example.org:8080', 'X-Forwarded-Proto': 'https', 'X-Forwarded-Port': '443' }),
    ).toContain('<soap:address location="https://ox.example.org:443/webservices/OXGroupService"/>');
  });

  it('declares OXUserCopyService in its own namespace', async () => {
    const wsdl = await fetch(`${emu.url}/OXUserCopyService?wsdl`).then((r) => r.text());
    expect(wsdl).toContain('targetNamespace="http://soap.copy.user.admin.openexchange.com"');
    expect(wsdl).toContain('<wsdl:port name="OXUserCopyServiceHttpSoap11Endpoint"');
  });
});
