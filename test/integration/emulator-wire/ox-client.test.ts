// The project's own OxClient against a started emulator: credentials by service, typed results, faults
// classified, transient failures, timeouts and call counting.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/index.js';
import { OxClient } from '../../../src/ox/index.js';
import { oxFailure } from '../../helpers/ox-objects.js';

const masterPassword = 'master-secret';
let emu: RunningEmulator;
let client: OxClient;

beforeAll(async () => {
  emu = await startEmulator({ masterPassword });
  client = new OxClient({
    baseUrl: emu.url,
    timeoutMs: 10_000,
    credentials: {
      master: () => ({ login: 'oxadminmaster', password: masterPassword }),
      contextAdmin: async () => ({ login: 'oxadmin', password: 'admin-secret' }),
    },
  });
  await client.call('OXContextService', 'create', {
    ctx: { id: 20, maxQuota: -1 },
    admin_user: {
      name: 'oxadmin',
      display_name: 'Admin',
      given_name: 'A',
      sur_name: 'D',
      password: 'admin-secret',
      primaryEmail: 'admin@t.org',
      email1: 'admin@t.org',
    },
  });
});
afterAll(async () => {
  client.close();
  await emu.close();
});

describe('OxClient against the emulator', () => {
  it('fills master or context-admin credentials and returns typed values', async () => {
    const user = await client.call('OXUserService', 'create', {
      ctx: { id: 20 },
      usrdata: {
        name: 'bob',
        display_name: 'Bob',
        given_name: 'Bob',
        sur_name: 'B',
        password: 'pw',
        primaryEmail: 'bob@t.org',
        email1: 'bob@t.org',
      },
    });
    expect(user?.id).toBe(3);
    const again = await client.call('OXUserService', 'getMultipleData', {
      ctx: { id: 20 },
      users: [{ id: 3 }, { name: 'oxadmin' }],
    });
    expect(again.map((u) => u.name)).toEqual(['bob', 'oxadmin']);
    expect(
      await client.call('OXUserService', 'change', { ctx: { id: 20 }, usrdata: { id: 3, display_name: 'Bobby' } }),
    ).toBeUndefined();
    expect(await client.call('OXContextService', 'exists', { ctx: { id: 20 } })).toBe(true);
    expect(client.callCounts.get('OXUserService.create')).toBe(1);
    expect(client.callCounts.get('OXContextService.create')).toBe(1);
  });

  it('classifies faults and keeps the faultstring verbatim', async () => {
    const notFound = await oxFailure(
      client.call('OXUserService', 'getData', { ctx: { id: 20 }, user: { name: 'nobody' } }),
    );
    expect(notFound.kind).toBe('notFound');
    expect(notFound.exceptionName).toBe('NoSuchUserException');
    expect(notFound.faultString).toMatch(/^No such user nobody in context 20; exceptionId -?\d+-\d+$/);
    expect(notFound.message).toContain('OXUserService.getData');

    const exists = await oxFailure(
      client.call('OXUserService', 'create', {
        ctx: { id: 20 },
        usrdata: {
          name: 'bob',
          display_name: 'Other',
          given_name: 'B',
          sur_name: 'B',
          password: 'pw',
          primaryEmail: 'b2@t.org',
          email1: 'b2@t.org',
        },
      }),
    );
    expect(exists.kind).toBe('alreadyExists');

    const creds = await oxFailure(
      client.call('OXUserService', 'listAll', {
        ctx: { id: 20 },
        auth: { login: 'oxadmin', password: 'very-wrong-pw' },
      }),
    );
    expect(creds.kind).toBe('invalidCredentials');
    expect(creds.message).not.toContain('very-wrong-pw');
  });

  it('reports an emulator client fault for data OX would not understand', async () => {
    const bad = await oxFailure(
      client.call('OXUserService', 'getData', { ctx: { id: 20 }, user: { displayName: 'x' } as never }),
    );
    expect(bad.kind).toBe('invalidData');
    expect(bad.message).toMatch(/no member "displayName"/);
  });

  it('treats network errors, HTTP 5xx without fault and timeouts as transient', async () => {
    const down = new OxClient({ baseUrl: 'http://127.0.0.1:1/webservices', timeoutMs: 2000 });
    expect((await oxFailure(down.call('OXUtilService', 'listAllServer', {}))).kind).toBe('transient');

    const flaky = await startEmulator({ masterPassword, faultRate: 1 });
    const slow = await startEmulator({ masterPassword, latencyMs: 2000 });
    try {
      const c = new OxClient({ baseUrl: flaky.url, timeoutMs: 5000 });
      const first = await oxFailure(
        c.call('OXContextService', 'listAll', { auth: { login: 'oxadminmaster', password: masterPassword } }),
      );
      const second = await oxFailure(
        c.call('OXContextService', 'listAll', { auth: { login: 'oxadminmaster', password: masterPassword } }),
      );
      expect([first.kind, second.kind]).toEqual(['transient', 'transient']);
      expect([first.httpStatus, second.exceptionName]).toEqual([503, 'StorageException']);
      c.close();

      const t = new OxClient({ baseUrl: slow.url, timeoutMs: 200 });
      const timedOut = await oxFailure(
        t.call('OXContextService', 'listAll', { auth: { login: 'oxadminmaster', password: masterPassword } }),
      );
      expect(timedOut.kind).toBe('transient');
      expect(timedOut.message).toMatch(/no answer within 200 ms/);
      t.close();
    } finally {
      await flaky.close();
      await slow.close();
    }
  });

  it('refuses a request with a strict client fault naming the element', async () => {
    const body =
      '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><t:listAll xmlns:t="http://soap.admin.openexchange.com">' +
      '<t:auth><t:login>x</t:login></t:auth></t:listAll></s:Body></s:Envelope>';
    const res = await fetch(`${emu.url}/OXContextService`, {
      method: 'POST',
      body,
      headers: { 'Content-Type': 'text/xml' },
    });
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).toContain('<faultcode>soap:Client</faultcode>');
    expect(text).toContain('Unexpected element &quot;login&quot; (URI=http://soap.admin.openexchange.com)');
  });
});
