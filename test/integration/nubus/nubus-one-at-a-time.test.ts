// OX_CONNECTOR_NUBUS_ONE_AT_A_TIME (decision 0341): the consumer acknowledges a message only once its queue file is
// gone (provisioned by the engine), the original connector's way the benchmark compares against. Here the test
// plays the engine: it removes the file, and only then is the message acknowledged and the next one staged.
import { existsSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NATS_SERVER } from '../../helpers/nats-server.js';
import { openStateDb } from '../../../src/state/database.js';
import { startNubusSource } from '../../../src/sources/nubus/consumer.js';
import { change, readQueue, TOPICS, udmUser, waitFor, useNubusStand } from './nubus-fixture.js';

describe.skipIf(!NATS_SERVER)('Nubus source one message at a time', () => {
  const stand = useNubusStand();
  const dir = stand.dataDir();

  it('acknowledges a message only after its queue file was taken by the engine', async () => {
    await stand.api.subscribe('ox-one', 'pw-one', TOPICS, false);
    for (const n of [1, 2]) await stand.api.publish('ox-one', 'main', change('users/user', {}, udmUser(n)));
    const db = openStateDb(join(dir, 'state.db'));
    const source = startNubusSource({
      settings: { baseUrl: stand.api.url, username: 'ox-one', password: 'pw-one' },
      db,
      dataDir: dir,
      caDir: undefined,
      logger: { info: () => undefined, warning: () => undefined, error: () => undefined },
      pollSeconds: 1,
      oneAtATime: true,
    });
    try {
      const [first] = await waitFor('the first change staged', () => readQueue(dir).length === 1 && readQueue(dir));
      await new Promise((resolve) => setTimeout(resolve, 500)); // Room for a wrong early acknowledgement.
      expect(await stand.api.pending('ox-one')).toBe(2);
      expect(readQueue(dir).map((record) => record.id)).toEqual(['uoi-user-1']);

      unlinkSync(join(dir, 'listener', first!.file)); // The engine provisioned it.
      const [second] = await waitFor('the second change staged', async () => {
        const queue = readQueue(dir);
        return queue.length === 1 && queue[0]!.id === 'uoi-user-2' && queue;
      });
      expect(await stand.api.pending('ox-one')).toBe(1);
      unlinkSync(join(dir, 'listener', second!.file));
      await waitFor('the second message acknowledged', async () => (await stand.api.pending('ox-one')) === 0);
      expect(existsSync(join(dir, 'listener', second!.file))).toBe(false);
    } finally {
      await source.stop();
      db.close();
    }
  });
});
