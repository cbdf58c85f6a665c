// Issue 18, end to end: the Provisioning API stand-in on a real nats-server, `ox-connector run --source nubus --once`
// (built CLI) and the OX emulator over HTTP. The initial load comes from prefill; then live changes (modify, move,
// delete) arrive through the main queue. Everything is read back from OX over SOAP.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../../src/emulator/index.js';
import type { OxClient } from '../../../src/ox/index.js';
import { E2E, startTestEmulator } from '../../helpers/e2e.js';
import { NATS_SERVER, type NatsServer, startNatsServer } from '../../helpers/nats-server.js';
import * as oxRead from '../../helpers/ox-read.js';
import { ProvisioningApiStandIn } from '../../helpers/provisioning-api-standin.js';
import { contextDn, contextObject, udmUser, userDn } from '../../helpers/udm.js';
import { change, CLI, TOPICS } from './nubus-fixture.js';

const udm = (dn: string, type: string, id: string, properties: Record<string, unknown>) => ({
  dn,
  objectType: type,
  properties: { ...properties, univentionObjectIdentifier: id },
  options: { default: true },
});

describe.skipIf(!existsSync(CLI) || !NATS_SERVER)('Nubus Provisioning API → connector → OX (emulator)', () => {
  let nats: NatsServer;
  let api: ProvisioningApiStandIn;
  let emu: RunningEmulator;
  let t: E2E;
  let ox: OxClient;
  let env: Record<string, string>;

  beforeAll(async () => {
    nats = await startNatsServer();
    api = await ProvisioningApiStandIn.start(nats.url);
    emu = await startTestEmulator();
    t = new E2E(emu, { DEFAULT_CONTEXT: '40' });
    ox = t.client();
    const passwordFile = join(t.dataDir, 'provisioning.secret');
    writeFileSync(passwordFile, 'pw-e2e\n', { mode: 0o600 });
    env = {
      PROVISIONING_API_BASE_URL: api.url,
      PROVISIONING_API_USERNAME: 'ox-connector',
      PROVISIONING_API_PASSWORD_FILE: passwordFile,
    };
  });
  afterAll(async () => {
    ox?.close();
    await emu?.close();
    await api?.close();
    await nats?.destroy();
  });

  const context = udm(contextDn(40), 'oxmail/oxcontext', 'uoi-ctx40', contextObject(40));
  const alice = udm(userDn('alice'), 'users/user', 'uoi-alice', udmUser('alice', 40));
  const bob = udm(userDn('bob'), 'users/user', 'uoi-bob', udmUser('bob', 40));

  it('provisions the initial load from prefill', async () => {
    await api.subscribe('ox-connector', 'pw-e2e', TOPICS, true);
    await api.publish('ox-connector', 'prefill', change('oxmail/oxcontext', {}, context));
    await api.publish('ox-connector', 'prefill', change('users/user', {}, alice));
    await api.publish('ox-connector', 'prefill', change('users/user', {}, bob));
    api.setPrefillStatus('ox-connector', 'done');
    const result = await t.run(['run', '--source', 'nubus', '--once'], env);
    expect(result.stdout, result.stderr).toMatch(/processed=3 failed=0 left=0/);
    expect(result.code).toBe(0);
    expect((await oxRead.userByName(ox, 40, 'alice'))?.sur_name).toBe('Alice');
    expect(await oxRead.userByName(ox, 40, 'bob')).toBeDefined();
    expect(await api.pending('ox-connector')).toBe(0);
  });

  it('applies a modify, a move and a delete from the main queue', async () => {
    const aliceRenamed = udm(userDn('alice'), 'users/user', 'uoi-alice', udmUser('alice', 40, { lastname: 'Smith' }));
    const aliceMoved = { ...aliceRenamed, dn: 'uid=alice,cn=people,dc=example,dc=org' };
    await api.publish('ox-connector', 'main', change('users/user', alice, aliceRenamed));
    await api.publish('ox-connector', 'main', change('users/user', aliceRenamed, aliceMoved));
    await api.publish('ox-connector', 'main', change('users/user', bob, {}));
    const result = await t.run(['run', '--source', 'nubus', '--once'], env);
    expect(result.stdout, result.stderr).toMatch(/failed=0 left=0/);
    expect((await oxRead.userByName(ox, 40, 'alice'))?.sur_name).toBe('Smith');
    expect(await oxRead.userByName(ox, 40, 'bob')).toBeUndefined();
    expect(await api.pending('ox-connector')).toBe(0);
  });
});
