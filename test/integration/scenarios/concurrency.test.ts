// The same queue at concurrency 1 and at the default gives the same OX end state, with objects prepared ahead
// of the calls in flight (OX_CONNECTOR_LOOKAHEAD, decision 0194) or not.
import { expect, it } from 'vitest';
import { contextDn, contextObject, E2E, udmUser, userDn, useE2E } from '../../helpers/e2e.js';
import { usersIn } from '../../helpers/ox-read.js';

const e2e = useE2E();

async function provision(concurrency: number, base: number, lookahead?: number): Promise<Record<string, unknown>[]> {
  const [a, b] = [base, base + 1];
  const t = new E2E(e2e.emulator, {
    DEFAULT_CONTEXT: String(a),
    OX_CONNECTOR_CONCURRENCY: String(concurrency),
    ...(lookahead === undefined ? {} : { OX_CONNECTOR_LOOKAHEAD: String(lookahead) }),
  });
  t.queue('ctx-a', 'oxmail/oxcontext', contextDn(a), contextObject(a));
  t.queue('ctx-b', 'oxmail/oxcontext', contextDn(b), contextObject(b));
  for (let i = 0; i < 40; i++) t.queue(`u${i}`, 'users/user', userDn(`p${i}`), udmUser(`p${i}`, a, { city: `c${i}` }));
  for (let i = 0; i < 40; i += 3)
    t.queue(`u${i}`, 'users/user', userDn(`p${i}`), udmUser(`p${i}`, b, { city: 'moved' }));
  for (let i = 1; i < 40; i += 5) t.queue(`u${i}`, 'users/user', userDn(`p${i}`), null);
  const r = await t.run();
  expect(r.stdout).toMatch(/failed=0 left=0/);
  const ox = t.client();
  const shape = async (ctx: number, label: string) =>
    (await usersIn(ox, ctx)).map((u) => ({
      ctx: label,
      name: u.name,
      city: u.city_business,
      email: u.email1,
      display: u.display_name,
    }));
  const all = [...(await shape(a, 'A')), ...(await shape(b, 'B'))];
  ox.close();
  return all.sort((x, y) => String(x.name).localeCompare(String(y.name)));
}

it('concurrency 1 and 8 reach the same end state, whatever is prepared ahead', async () => {
  const serial = await provision(1, 1100, 0);
  const parallel = await provision(8, 1200);
  const aheadOfFew = await provision(2, 1300, 6);
  expect(serial.length).toBeGreaterThan(30);
  expect(parallel).toEqual(serial);
  expect(aheadOfFew).toEqual(serial);
});
