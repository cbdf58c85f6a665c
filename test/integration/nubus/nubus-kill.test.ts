// The consumer is killed (SIGKILL) after it staged a message and while its acknowledgement is on the way: the API
// hands the message out again, and the restarted consumer acknowledges it without a second queue file. Nothing is
// lost, nothing is duplicated. Runs the built CLI against the stand-in on a real nats-server.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NATS_SERVER } from '../../helpers/nats-server.js';
import {
  change,
  CLI,
  consumerEnv,
  readQueue,
  runCli,
  TOPICS,
  udmUser,
  waitFor,
  useNubusStand,
} from './nubus-fixture.js';

describe.skipIf(!existsSync(CLI) || !NATS_SERVER)('nubus-sync killed between staging and acknowledging', () => {
  const stand = useNubusStand();
  const dir = stand.dataDir();

  it('stages the redelivered message once and loses nothing', async () => {
    await stand.api.subscribe('ox-kill', 'pw-kill', TOPICS, false);
    const env = consumerEnv(stand.api.url, 'ox-kill', 'pw-kill', dir);
    const first = await stand.api.publish('ox-kill', 'main', change('users/user', {}, udmUser(1)));
    for (let n = 2; n <= 3; n++) await stand.api.publish('ox-kill', 'main', change('users/user', {}, udmUser(n)));

    stand.api.holdAcks = true; // The acknowledgement of the first message reaches the API but is never applied.
    const { child, finished } = runCli(['nubus-sync', '--data-dir', dir], env);
    await waitFor(
      'the first message staged and its acknowledgement sent',
      () => readQueue(dir).length === 1 && stand.api.heldAcks.length === 1,
    );
    child.kill('SIGKILL');
    await finished;
    stand.api.holdAcks = false;

    for (let n = 4; n <= 5; n++) await stand.api.publish('ox-kill', 'main', change('users/user', {}, udmUser(n)));
    const result = await runCli(['nubus-sync', '--once', '--data-dir', dir], env).finished;
    expect(result.code, result.stderr).toBe(0);

    expect(readQueue(dir).map((record) => record.id)).toEqual([1, 2, 3, 4, 5].map((n) => `uoi-user-${n}`));
    expect(stand.api.deliveries.get('ox-kill')!.get(first)).toBeGreaterThanOrEqual(2); // It really was handed out again.
    expect(result.stdout + result.stderr).toContain('1 redeliveries acknowledged');
    expect(await stand.api.pending('ox-kill')).toBe(0);
  });
});
