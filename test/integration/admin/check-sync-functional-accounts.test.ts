// check-sync-status for functional accounts: the OX secondary accounts of every member user are read back over
// SOAP and compared with the directory (members, name, personal part, login).
import { expect, it } from 'vitest';
import { contextDn, contextObject, E2E, udmUser, userDn, useE2E } from '../../helpers/e2e.js';
import { oxUserId } from '../../helpers/ox-read.js';

const CTX = 625;
const faDn = 'cn=desk,cn=functional_accounts,dc=example,dc=org';

const e2e = useE2E();

it('reports consistent accounts, then a missing account, a wrong name and a member no longer named', async () => {
  const t = new E2E(e2e.emulator, { DEFAULT_CONTEXT: String(CTX) });
  t.queue('ctx', 'oxmail/oxcontext', contextDn(CTX), contextObject(CTX));
  for (const u of ['fa1', 'fa2', 'fa3']) t.queue(u, 'users/user', userDn(u), udmUser(u, CTX));
  const account = { name: 'Desk', mailPrimaryAddress: 'desk@example.org', personal: 'The Desk' };
  t.queue('desk', 'oxmail/functional_account', faDn, {
    ...account,
    users: [userDn('fa1'), userDn('fa2'), userDn('fa3')],
  });
  expect((await t.run()).code).toBe(0);

  let r = await t.run(['check-sync-status', '--dn', faDn]);
  expect(r.stdout).toMatch(/Success: Data of the object is consistent/);
  expect(r.code).toBe(0);

  const ox = t.client();
  const [fa1, fa2, fa3] = [
    await oxUserId(ox, CTX, 'fa1'),
    await oxUserId(ox, CTX, 'fa2'),
    await oxUserId(ox, CTX, 'fa3'),
  ];
  const common = { primaryAddress: 'desk@example.org', context: { id: CTX }, groups: [] };
  await ox.call('OXSecondaryAccountService', 'delete', { ...common, users: [{ id: fa2 }] });
  await ox.call('OXSecondaryAccountService', 'update', {
    ...common,
    accountDataUpdate: { name: 'Changed by hand' },
    users: [{ id: fa1 }],
  });
  // The directory drops fa3, but the change is not provisioned yet: fa3 still has the account in OX.
  t.queue('desk', 'oxmail/functional_account', faDn, { ...account, users: [userDn('fa1'), userDn('fa2')] });

  r = await t.run(['check-sync-status', '--dn', faDn, '--json']);
  expect(r.code).toBe(1);
  const report = JSON.parse(r.stdout) as { differences: string[]; consistent: boolean };
  expect(report.consistent).toBe(false);
  const diffs = report.differences.join('\n');
  expect(diffs).toMatch(
    new RegExp(`uid=fa2.*OX user ${fa2} in context ${CTX}.*lacks the functional account desk@example.org`),
  );
  expect(diffs).toMatch(
    new RegExp(`desk@example.org of OX user ${fa1}: name should be "Desk", OX has "Changed by hand"`),
  );
  expect(diffs).toMatch(
    new RegExp(`OX user ${fa3} in context ${CTX} still has desk@example.org, but the directory no longer names`),
  );

  // Provisioning the queued change and a resync bring everything back in line.
  r = await t.run(['check-sync-status', '--dn', faDn, '--resync']);
  expect(r.stdout).toMatch(/scheduled to be resynced/);
  expect((await t.run()).code).toBe(0);
  r = await t.run(['check-sync-status', '--dn', faDn]);
  expect(r.stdout, r.stderr).toMatch(/Success: Data of the object is consistent/);
  expect(r.code).toBe(0);
  ox.close();
});
