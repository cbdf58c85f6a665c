// check-sync-status's dry run alone: the type's planner, given the directory state, the stored state and what OX
// reported, says which operations it would carry out. Plain objects; no emulator, database or network.
import { describe, expect, it } from 'vitest';
import {
  describePlanned,
  planContextCheck,
  plannedOperation,
  planResourceCheck,
  planUserCheck,
  type SyncPlanLookups,
} from '../../../src/admin/sync-plan.js';
import { defaultAttributeMapping } from '../../../src/config/attribute-mapping.js';
import { loadSettings } from '../../../src/config/settings.js';
import type { UdmAttributes } from '../../../src/model/values.js';
import type { User } from '../../../src/ox/types.js';
import type { UserCreate } from '../../../src/provisioning/executor/users.js';
import type { StoredObject } from '../../../src/state/store.js';

const lookups: SyncPlanLookups = {
  mapping: defaultAttributeMapping(),
  settings: loadSettings({}),
  contextAdmin: () => 'oxadmin',
  accessProfile: () => undefined,
};
const alice: UdmAttributes = {
  username: 'alice',
  firstname: 'Alice',
  lastname: 'Example',
  mailPrimaryAddress: 'alice@example.org',
  mailAlternativeAddress: ['a1@example.org', 'a2@example.org'],
  isOxUser: 'OK',
  oxContext: '10',
};

function stored(udmType: string, attrs: UdmAttributes, oxState: Record<string, unknown> | null): StoredObject {
  return { objectId: 'o1', udmType, dn: 'cn=o1,dc=x', attrs, oxState };
}

/** A user as provisioning left it: stored state and OX's record agree with the directory. */
function provisionedAlice() {
  const [create] = planUserCheck(stored('users/user', alice, null), alice, undefined, lookups) as UserCreate[];
  const state = { contextId: 10, oxId: 5, oxName: 'alice', fields: create.fields, access: create.access };
  const ox: User = { ...create.fields, id: 5, name: 'alice' };
  return { user: stored('users/user', alice, state), ox };
}

describe('planned operations of check-sync-status', () => {
  it('a user OX holds as the directory says: nothing to do', () => {
    const { user, ox } = provisionedAlice();
    // OX reads the aliases back in its own order.
    const reordered = { ...ox, aliases: [...(ox.aliases ?? [])].reverse() };
    expect(planUserCheck(user, alice, reordered, lookups)).toEqual([]);
  });

  it('a user changed in OX: a change of exactly the drifted OX fields', () => {
    const { user, ox } = provisionedAlice();
    const ops = planUserCheck(user, alice, { ...ox, sur_name: 'Drifted' }, lookups);
    const planned = ops.map(plannedOperation);
    expect(planned).toEqual([{ op: 'change', type: 'user', context: 10, name: 'alice', fields: ['sur_name'] }]);
    expect(describePlanned(planned[0])).toBe('change user alice in context 10: sur_name');
  });

  it('a user OX lost: a create; a user the directory no longer wants in OX: a delete', () => {
    const { user, ox } = provisionedAlice();
    expect(planUserCheck(user, alice, null, lookups).map(plannedOperation)).toEqual([
      { op: 'create', type: 'user', context: 10, name: 'alice' },
    ]);
    const noOx = { ...alice, isOxUser: 'Not' };
    expect(planUserCheck(user, noOx, ox, lookups).map(plannedOperation)).toEqual([
      { op: 'delete', type: 'user', context: 10, name: 'alice' },
    ]);
  });

  it('a context whose quota OX holds differently: a change of maxQuota', () => {
    const attrs = { contextid: '10', name: 'ten', oxQuota: '1000' };
    const ctx = stored('oxmail/oxcontext', attrs, { contextId: 10, name: 'ten', maxQuota: 1000 });
    expect(planContextCheck(ctx, attrs, { id: 10, name: 'ten', maxQuota: 1000 })).toEqual([]);
    expect(planContextCheck(ctx, attrs, { id: 10, name: 'ten', maxQuota: 5 }).map(plannedOperation)).toEqual([
      { op: 'change', type: 'context', context: 10, name: 'ten', fields: ['maxQuota'] },
    ]);
  });

  it('a resource whose description OX lost: a change of description; OX reads an empty one back as absent', () => {
    const attrs = {
      name: 'room',
      displayname: 'Room',
      resourceMailAddress: 'room@x',
      description: 'Big',
      oxContext: '10',
    };
    const fields = { name: 'room', displayname: 'Room', email: 'room@x', description: 'Big' };
    const res = stored('oxresources/oxresources', attrs, { contextId: 10, oxId: 3, fields });
    expect(planResourceCheck(res, attrs, { id: 3, ...fields })).toEqual([]);
    const { description: _gone, ...withoutDescription } = fields;
    void _gone;
    expect(planResourceCheck(res, attrs, { id: 3, ...withoutDescription }).map(plannedOperation)).toEqual([
      { op: 'change', type: 'resource', context: 10, name: 'room', fields: ['description'] },
    ]);
  });
});
