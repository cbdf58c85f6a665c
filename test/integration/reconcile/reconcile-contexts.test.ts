// reconcile compares the managed contexts themselves (name and quota, through the contexts' planner): a quota
// changed directly in OX is planned as a change of maxQuota, repaired, and planned no more.
import { expect, it } from 'vitest';
import { contextDn, useE2E } from '../../helpers/e2e.js';
import { contextData } from '../../helpers/ox-read.js';

const e2e = useE2E(1650);

interface Plan {
  actions: { op: string; kind: string; context: number; name: string; dn?: string; fields?: string[] }[];
  summary: Record<string, number>;
}

it("plans and repairs a context's quota changed in OX", async () => {
  const { t, ids, ox } = await e2e.setup();
  const ctx = ids[0];
  const before = await contextData(ox, ctx);
  await ox.call('OXContextService', 'change', { ctx: { id: ctx, maxQuota: 4242 } });
  expect((await contextData(ox, ctx))?.maxQuota).toBe(4242);

  let r = await t.run(['reconcile', '--dry-run', '--json']);
  expect(r.code, r.stderr).toBe(1);
  const plan = JSON.parse(r.stdout) as Plan;
  expect(plan.actions).toEqual([
    { op: 'change', kind: 'context', context: ctx, name: `context${ctx}`, dn: contextDn(ctx), fields: ['maxQuota'] },
  ]);
  expect((await contextData(ox, ctx))?.maxQuota).toBe(4242);

  r = await t.run(['reconcile', '--json']);
  expect(r.code, r.stderr).toBe(0);
  expect((await contextData(ox, ctx))?.maxQuota).toBe(before?.maxQuota);

  r = await t.run(['reconcile', '--dry-run', '--json']);
  expect(r.code, r.stderr).toBe(0);
  expect((JSON.parse(r.stdout) as Plan).actions).toEqual([]);
});
