// The consumer keeps running through a nats-server restart behind the API and through 30 s in which the API refuses
// connections: it retries with back-off, says so once per state change, and in the end every message is staged
// exactly once and acknowledged. Runs the built CLI against the stand-in on a real nats-server.
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

describe.skipIf(!existsSync(CLI) || !NATS_SERVER)('nubus-sync through outages', () => {
  const stand = useNubusStand();

  const ids = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `uoi-user-${from + i}`);
  const publishUsers = async (name: string, from: number, to: number) => {
    for (let n = from; n <= to; n++) await stand.api.publish(name, 'main', change('users/user', {}, udmUser(n)));
  };

  it('carries on after nats-server is restarted mid-stream', async () => {
    await stand.api.subscribe('ox-natsrestart', 'pw', TOPICS, false);
    const dir = stand.dataDir();
    await publishUsers('ox-natsrestart', 1, 3);
    const { child, finished } = runCli(
      ['nubus-sync', '--data-dir', dir],
      consumerEnv(stand.api.url, 'ox-natsrestart', 'pw', dir),
    );
    await waitFor('the first messages', () => readQueue(dir).length >= 1);
    await stand.nats.stop();
    await stand.nats.start();
    await waitFor(
      'the stand-in reconnected',
      async () => (await stand.api.pending('ox-natsrestart').catch(() => -1)) >= 0,
    );
    await publishUsers('ox-natsrestart', 4, 6);
    await waitFor(
      'all six staged and acknowledged',
      async () => readQueue(dir).length === 6 && (await stand.api.pending('ox-natsrestart')) === 0,
    );
    child.kill('SIGTERM');
    const result = await finished;
    expect(result.code).toBe(0);
    expect(readQueue(dir).map((r) => r.id)).toEqual(ids(1, 6));
  });

  it('retries through 30 s without the API, logging the outage once, and loses nothing', async () => {
    await stand.api.subscribe('ox-outage', 'pw', TOPICS, false);
    const dir = stand.dataDir();
    await publishUsers('ox-outage', 1, 2);
    const { child, finished } = runCli(
      ['nubus-sync', '--data-dir', dir],
      consumerEnv(stand.api.url, 'ox-outage', 'pw', dir),
    );
    await waitFor('the first two', () => readQueue(dir).length === 2);
    await stand.api.stopListening();
    await publishUsers('ox-outage', 3, 4); // Into JetStream while the API is away.
    await new Promise((resolve) => setTimeout(resolve, 30_000));
    await stand.api.listenAgain();
    await waitFor(
      'all four staged and acknowledged',
      async () => readQueue(dir).length === 4 && (await stand.api.pending('ox-outage')) === 0,
      60_000,
    );
    child.kill('SIGTERM');
    const result = await finished;
    expect(result.code).toBe(0);
    expect(readQueue(dir).map((r) => r.id)).toEqual(ids(1, 4));
    expect(result.stdout.match(/Provisioning API .* unavailable \(ECONNREFUSED\)/g)).toHaveLength(1);
    expect(result.stdout.match(/answers again/g)).toHaveLength(1);
  }, 120_000);
});
