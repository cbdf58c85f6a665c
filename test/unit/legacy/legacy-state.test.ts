// Planning of import-legacy (provisioning/legacy-state.ts): what each old file becomes in the store.
import { describe, expect, it } from 'vitest';
import type { ChangeRecord } from '../../../src/model/change.js';
import {
  planLegacyImport,
  type LegacyImportItem,
  type LegacyPlanDeps,
} from '../../../src/provisioning/legacy-state.js';
import { untypedOx } from '../../helpers/fake-ox.js';

const settings = {
  defaultContext: 10,
  groupIdentifier: 'name',
  userIdentifier: 'username',
  functionalAccountLoginTemplate: '{{fa_entry_uuid}}{{username}}',
};

const rec = (objectId: string, udmType: string, dn: string, attributes: Record<string, unknown>): ChangeRecord => ({
  objectId,
  udmType,
  dn,
  attributes,
  options: [],
  source: `/old/${objectId}.json`,
});

/** Plans records (as entries that load them) and collects what is handed out. */
async function planAll(list: ChangeRecord[], deps: LegacyPlanDeps) {
  const items: LegacyImportItem[] = [];
  const entries = list.map((r) => ({ ...r, load: () => structuredClone(r) }));
  const problems = await planLegacyImport(entries, deps, (item) => items.push(item));
  return { items, problems };
}

const records = [
  rec('fa', 'oxmail/functional_account', 'cn=fa', {
    name: 'Info',
    mailPrimaryAddress: 'Info@X.org',
    users: ['UID=a,dc=x', 'uid=b,dc=x'],
  }),
  rec('g', 'groups/group', 'cn=g', {
    name: 'g',
    isOxGroup: 'OK',
    users: ['uid=a,dc=x', 'uid=b,dc=x'],
    oxDbGroupname: 'g-old',
  }),
  rec('a', 'users/user', 'uid=a,dc=x', {
    username: 'a',
    isOxUser: 'OK',
    oxContext: '10',
    oxDbId: 7,
    oxDbUsername: 'a',
  }),
  rec('b', 'users/user', 'uid=b,dc=x', { username: 'b', isOxUser: 'OK', oxContext: '10' }),
  rec('r', 'oxresources/oxresources', 'cn=r', { name: 'r', resourceMailAddress: 'r@x.org' }),
  rec('x', 'oxmail/whatever', 'cn=x', { name: 'x' }),
];

describe('planLegacyImport', () => {
  it('offline: users with cached ids, pairs for them only, groups/resources without ids, enrichment stripped', async () => {
    const plan = await planAll(records, { settings });
    expect(plan.problems).toEqual([
      expect.objectContaining({
        source: '/old/x.json',
        reason: expect.stringMatching(/unknown object type oxmail\/whatever/),
      }),
    ]);
    const byId = Object.fromEntries(plan.items.map((i) => [i.record.objectId, i]));
    expect(byId.a.change.oxIds).toEqual([{ contextId: 10, kind: 'user', oxId: 7, oxName: 'a' }]);
    expect(byId.a.change.object?.attrs).not.toHaveProperty('oxDbId');
    expect(byId.a.change.object?.attrs).toHaveProperty('oxContext', '10');
    expect(byId.b.change.object?.oxState).toBeNull();
    expect(byId.b.notes.join()).toMatch(/no OX id/);
    expect(byId.fa.change.object?.oxState).toEqual({
      address: 'info@x.org',
      name: 'Info',
      personal: null,
      pairs: [{ contextId: 10, userId: 7, login: 'faa' }],
    });
    expect(byId.g.change.oxIds).toEqual([]);
    expect(byId.g.change.memberRefs).toEqual(['uid=a,dc=x', 'uid=b,dc=x']);
    expect(byId.g.notes.join()).toMatch(/adopted by name/);
    expect(byId.r.change.object?.oxState).toBeNull();
  });

  it('online: group and resource ids looked up by name (old OX group name first), missing user id by login', async () => {
    const calls: string[] = [];
    const ox = untypedOx(async (service, op, args) => {
      const what = JSON.stringify(args);
      calls.push(`${service}.${op} ${what}`);
      if (service === 'OXUserService') return { id: 8, name: 'b' };
      if (service === 'OXGroupService') return { id: 33, name: 'g-old', members: [8, 7] };
      if (service === 'OXResourceService') throw Object.assign(new Error('no such resource'), { kind: 'notFound' });
      throw new Error('unexpected');
    });
    const plan = await planAll(records, { settings, ox });
    const byId = Object.fromEntries(plan.items.map((i) => [i.record.objectId, i]));
    expect(byId.b.change.oxIds).toEqual([{ contextId: 10, kind: 'user', oxId: 8, oxName: 'b' }]);
    expect(byId.g.change.object?.oxState).toEqual({ contexts: { '10': { oxId: 33, name: 'g-old', members: [7, 8] } } });
    expect(calls.some((c) => c.startsWith('OXGroupService.getData') && c.includes('"name":"g-old"'))).toBe(true);
    expect(byId.r.change.object?.oxState).toBeNull();
    expect(byId.r.notes.join()).toMatch(/no OX resource r in context 10: created at its next change/);
    expect((byId.fa.change.object?.oxState as { pairs: unknown[] }).pairs).toHaveLength(2);
  });

  it('an OX failure other than "not found" makes that object a problem, not a guess', async () => {
    const ox = {
      async call() {
        throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
      },
    };
    const plan = await planAll(
      records.filter((r) => r.objectId === 'r'),
      { settings, ox },
    );
    expect(plan.items).toEqual([]);
    expect(plan.problems[0].reason).toMatch(/ECONNREFUSED; not imported \(run the import again/);
  });
});
