// Reading a context must stay within a bounded memory however many users it holds: the lists are asked for with
// `only: ['id']` (so the OX client cuts each list item down as it streams in, decision 0310), the users are read
// with only the members compared, and handed over one batch at a time, never all at once.
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/ops/log.js';
import { READ_BATCH, readContext } from '../../../src/reconcile/ox-inventory.js';
import { untypedOx } from '../../helpers/fake-ox.js';

const USERS = 2 * READ_BATCH + 7;

function countingOx() {
  const listed: { operation: string; only: unknown }[] = [];
  const userReads: unknown[] = [];
  let read = 0;
  let handedOver = 0;
  let mostHeld = 0;
  const ox = untypedOx(async (service, operation, args, ...options: unknown[]) => {
    const a = args as Record<string, { id: number }[]>;
    if (operation === 'listAll') {
      listed.push({ operation: `${service}.listAll`, only: options[0] });
      if (service === 'OXUserService') return Array.from({ length: USERS }, (_, i) => ({ id: i + 2 }));
      return [];
    }
    if (operation === 'getMultipleData' && service === 'OXUserService') userReads.push(options[0]);
    const batch = a.users ?? a.grps ?? a.resources ?? [];
    read += batch.length;
    mostHeld = Math.max(mostHeld, read - handedOver);
    return batch.map(({ id }) => ({ id, name: `user${id}` }));
  });
  return {
    ox,
    listed,
    userReads,
    handOver: (n: number) => (handedOver += n),
    mostHeld: () => mostHeld,
  };
}

describe('readContext', () => {
  it('lists ids only and holds at most one batch of users at a time', async () => {
    const fake = countingOx();
    const batches: number[] = [];
    const inventory = await readContext(
      fake.ox,
      10,
      'oxadmin',
      createLogger('ERROR', () => {}),
      (users) => {
        batches.push(users.length);
        fake.handOver(users.length);
      },
      ['sur_name', 'name', 'email1'],
    );
    expect(inventory.userCount).toBe(USERS);
    expect(fake.listed.map((l) => l.operation)).toEqual([
      'OXUserService.listAll',
      'OXGroupService.listAll',
      'OXResourceService.listAll',
    ]);
    for (const l of fake.listed) expect(l.only).toEqual({ only: ['id'] });
    expect(batches).toEqual([READ_BATCH, READ_BATCH, 7]);
    expect(fake.mostHeld()).toBeLessThanOrEqual(READ_BATCH);
    // Users are decoded with only the members compared, besides id and name.
    expect(fake.userReads).toHaveLength(3);
    for (const o of fake.userReads) expect(o).toEqual({ only: ['id', 'name', 'sur_name', 'email1'] });
  });
});
