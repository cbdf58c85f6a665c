// OX setup flags reach the model through startEmulator, and their faults arrive over HTTP with the right kind.
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator, type EmulatorOptions } from '../../../src/emulator/index.js';
import { OxClient } from '../../../src/ox/index.js';
import { oxFailure } from '../../helpers/ox-objects.js';

const MASTER = { login: 'oxadminmaster', password: 'master-pw' };
const ADMIN = { login: 'oxadmin', password: 'admin-pw' };
const CTX = { id: 7 };

const user = (name: string, display: string): Record<string, unknown> => ({
  name,
  password: 'secret',
  display_name: display,
  given_name: 'G',
  sur_name: 'S',
  primaryEmail: `${name}@example.org`,
  email1: `${name}@example.org`,
});

let running: Array<{ emulator: RunningEmulator; client: OxClient }> = [];

async function start(options: Partial<EmulatorOptions> = {}): Promise<OxClient> {
  const emulator = await startEmulator({ masterAdmin: MASTER.login, masterPassword: MASTER.password, ...options });
  const client = new OxClient({
    baseUrl: emulator.url,
    credentials: { master: () => MASTER, contextAdmin: () => ADMIN },
  });
  running.push({ emulator, client });
  await client.call('OXContextService', 'create', {
    ctx: { id: CTX.id, maxQuota: -1 },
    admin_user: { ...user('oxadmin', 'Admin'), password: ADMIN.password },
  } as never);
  return client;
}

afterEach(async () => {
  for (const { emulator, client } of running) {
    client.close();
    await emulator.close();
  }
  running = [];
});

describe('OX setup flags over HTTP', () => {
  it('duplicate display names are accepted by default (the connector requires enforceUniqueDisplayName=false)', async () => {
    const client = await start();
    await client.call('OXUserService', 'create', { ctx: CTX, usrdata: user('anna', 'Same Name') } as never);
    const second = (await client.call('OXUserService', 'create', {
      ctx: CTX,
      usrdata: user('bert', 'Same Name'),
    } as never)) as { id: number };
    expect(second.id).toBe(4);
  });

  it('with uniqueDisplayNames the second one fails with "The displayname is already used"', async () => {
    const client = await start({ uniqueDisplayNames: true });
    await client.call('OXUserService', 'create', { ctx: CTX, usrdata: user('anna', 'Same Name') } as never);
    const error = await oxFailure(
      client.call('OXUserService', 'create', { ctx: CTX, usrdata: user('bert', 'Same Name') } as never),
    );
    expect(error.kind).toBe('invalidData');
    expect(error.exceptionName).toBe('InvalidDataException');
    expect(error.faultString).toMatch(/^The displayname is already used; exceptionId -?\d+-\d+$/);
  });

  it('login names can change by default and keep the id; allowLoginNameChange=false refuses', async () => {
    const client = await start();
    await client.call('OXUserService', 'create', { ctx: CTX, usrdata: user('anna', 'Anna') } as never);
    await client.call('OXUserService', 'change', { ctx: CTX, usrdata: { id: 3, name: 'anna.renamed' } } as never);
    expect(
      await client.call('OXUserService', 'getData', { ctx: CTX, user: { name: 'anna.renamed' } } as never),
    ).toMatchObject({ id: 3 });

    const strict = await start({ model: { allowLoginNameChange: false } });
    await strict.call('OXUserService', 'create', { ctx: CTX, usrdata: user('anna', 'Anna') } as never);
    const error = await oxFailure(
      strict.call('OXUserService', 'change', { ctx: CTX, usrdata: { id: 3, name: 'other' } } as never),
    );
    expect(error.kind).toBe('invalidData');
    expect(error.faultString).toMatch(/^Changing username is disabled!; exceptionId/);
  });
});
