// The consumer is killed (SIGKILL) after it staged a message and while its acknowledgement is on the way: the API
// hands the message out again, and the restarted consumer acknowledges it without a second queue file. Nothing is
// lost, nothing is duplicated. Runs the built CLI against the stand-in on a real nats-server.
import { existsSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NATS_SERVER, type NatsServer, startNatsServer } from '../../helpers/nats-server.js';
import { ProvisioningApiStandIn } from '../../helpers/provisioning-api-standin.js';
import { change, CLI, consumerEnv, newDataDir, readQueue, runCli, TOPICS, udmUser, waitFor } from './nubus-fixture.js';

describe.skipIf(!existsSync(CLI) || !NATS_SERVER)('nubus-sync killed between staging and acknowledging', () => {
  let nats: NatsServer;
  let api: ProvisioningApiStandIn;
  const dir = newDataDir();

  beforeAll(async () => {
    nats = await startNatsServer();
    api = await ProvisioningApiStandIn.start(nats.url);
  });
  afterAll(async () => {
    await api?.close();
    await nats?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stages the redelivered message once and loses nothing', async () => {
    await api.subscribe('ox-kill', 'pw-kill', TOPICS, false);
    const env = consumerEnv(api.url, 'ox-kill', 'pw-kill', dir);
    const first = await api.publish('ox-kill', 'main', change('users/user', {}, udmUser(1)));
    for (let n = 2; n <= 3; n++) await api.publish('ox-kill', 'main', change('users/user', {}, udmUser(n)));

    api.holdAcks = true; // The acknowledgement of the first message reaches the API but is never applied.
    const { child, finished } = runCli(['nubus-sync', '--data-dir', dir], env);
    await waitFor(
      'the first message staged and its acknowledgement sent',
      () => readQueue(dir).length === 1 && api.heldAcks.length === 1,
    );
    child.kill('SIGKILL');
    await finished;
    api.holdAcks = false;

    for (let n = 4; n <= 5; n++) await api.publish('ox-kill', 'main', change('users/user', {}, udmUser(n)));
    const result = await runCli(['nubus-sync', '--once', '--data-dir', dir], env).finished;
    expect(result.code, result.stderr).toBe(0);

    expect(readQueue(dir).map((record) => record.id)).toEqual([1, 2, 3, 4, 5].map((n) => `uoi-user-${n}`));
    expect(api.deliveries.get('ox-kill')!.get(first)).toBeGreaterThanOrEqual(2); // It really was handed out again.
    expect(result.stdout + result.stderr).toContain('1 redeliveries acknowledged');
    expect(await api.pending('ox-kill')).toBe(0);
  });
});
