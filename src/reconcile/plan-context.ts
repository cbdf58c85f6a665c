// The plan for one managed context: every OX user, group and resource there matched with the directory object
// that wants it (by OX name), compared through the decide-* adapters, and what no directory object accounts for
// marked as an orphan. An OX object the store records for a directory object that no longer wants it there is a
// plain delete.
import type { AttributeMapping } from '../config/attribute-mapping.js';
import type { Settings } from '../config/settings.js';
import type { Group } from '../ox/types.js';
import type { OwnedOxObject } from '../state/managed-contexts.js';
import { groupFieldsOf, groupOpInContext, type MemberUser } from './decide-groups.js';
import { resourceFieldsThatDiffer, wantedResource } from './decide-resources.js';
import { userFieldsThatDiffer, wantedUser } from './decide-users.js';
import type { DesiredIndex } from './desired-index.js';
import type { DesiredSource } from './directory-object.js';
import type { ContextInventory } from './ox-inventory.js';
import type { ReconcileAction, ReconcileKind } from './types.js';

export interface ContextPlanInput {
  inventory: ContextInventory;
  index: DesiredIndex;
  source: DesiredSource;
  /** `kind:oxId` → the stored object the connector provisioned it for. */
  owned: Map<string, OwnedOxObject>;
  mapping: AttributeMapping;
  settings: Settings;
}

export interface ContextPlan {
  actions: ReconcileAction[];
  unchanged: number;
  warnings: string[];
}

function unaccounted(
  kind: ReconcileKind,
  contextId: number,
  oxId: number,
  name: string,
  owned: Map<string, OwnedOxObject>,
): ReconcileAction {
  const owner = owned.get(`${kind}:${oxId}`);
  if (owner?.dn) return { op: 'delete', kind, context: contextId, name, dn: owner.dn, objectId: owner.objectId, oxId };
  return { op: 'delete', kind, context: contextId, name, orphan: true, oxId };
}

export function planContext(input: ContextPlanInput): ContextPlan {
  const { inventory, index, source, owned } = input;
  const contextId = inventory.contextId;
  const plan: ContextPlan = { actions: [], unchanged: 0, warnings: [] };
  const act = (a: ReconcileAction) => plan.actions.push(a);

  // Users: by login name.
  const wantedUsers = index.users.get(contextId) ?? new Map();
  const oxUserIds = new Map<string, number>();
  for (const ox of inventory.users) {
    const name = String(ox.name ?? '');
    if (typeof ox.id !== 'number') continue;
    oxUserIds.set(name, ox.id);
    const entry = wantedUsers.get(name);
    const obj = entry && source.get(entry.objectId);
    const wanted = obj && wantedUser(obj, input.mapping, input.settings);
    if (!entry || !wanted) {
      act(unaccounted('user', contextId, ox.id, name, owned));
      continue;
    }
    const fields = userFieldsThatDiffer(wanted, ox);
    if (fields.length === 0) plan.unchanged++;
    else act({ op: 'change', kind: 'user', context: contextId, name, dn: entry.dn, fields, objectId: entry.objectId });
  }
  for (const [name, entry] of wantedUsers) {
    if (!oxUserIds.has(name))
      act({ op: 'create', kind: 'user', context: contextId, name, dn: entry.dn, objectId: entry.objectId });
  }

  // Groups: by name; members as OX ids of this context (a user OX lacks gets an id OX has not: a difference).
  let missingId = 0;
  const missingIds = new Map<string, number>();
  const member = (norm: string): MemberUser | undefined => {
    const user = index.usersByDn.get(norm);
    if (!user || user.contextId !== contextId) return undefined;
    let oxId = oxUserIds.get(user.name);
    if (oxId === undefined) {
      oxId = missingIds.get(norm) ?? --missingId;
      missingIds.set(norm, oxId);
    }
    return { objectId: user.objectId, dn: user.dn, contextId, oxId };
  };
  const oxGroups = new Map<string, Group>();
  for (const g of inventory.groups) oxGroups.set(String(g.name ?? ''), g);
  const matchedGroups = new Set<string>();
  for (const group of index.groups) {
    const name = group.wanted.name;
    const ox = oxGroups.get(name);
    if (ox) matchedGroups.add(name);
    const op = groupOpInContext(contextId, group.wanted, member, ox);
    const base = { kind: 'group' as const, context: contextId, name, dn: group.dn, objectId: group.objectId };
    if (!op) {
      if (ox) plan.unchanged++;
    } else if (op.kind === 'create') act({ op: 'create', ...base });
    else if (op.kind === 'change') act({ op: 'change', ...base, fields: groupFieldsOf(op, ox) });
    else act(unaccounted('group', contextId, op.oxId, name, owned));
  }
  for (const [name, g] of oxGroups) {
    if (!matchedGroups.has(name) && typeof g.id === 'number') act(unaccounted('group', contextId, g.id, name, owned));
  }

  // Resources: by name.
  const wantedResources = index.resources.get(contextId) ?? new Map();
  const oxResources = new Set<string>();
  for (const ox of inventory.resources) {
    const name = String(ox.name ?? '');
    if (typeof ox.id !== 'number') continue;
    oxResources.add(name);
    const entry = wantedResources.get(name);
    const obj = entry && source.get(entry.objectId);
    const wanted = obj && wantedResource(obj);
    if (!entry || !wanted) {
      act(unaccounted('resource', contextId, ox.id, name, owned));
      continue;
    }
    const fields = resourceFieldsThatDiffer(wanted, ox);
    if (fields.length === 0) plan.unchanged++;
    else
      act({ op: 'change', kind: 'resource', context: contextId, name, dn: entry.dn, fields, objectId: entry.objectId });
  }
  for (const [name, entry] of wantedResources) {
    if (!oxResources.has(name))
      act({ op: 'create', kind: 'resource', context: contextId, name, dn: entry.dn, objectId: entry.objectId });
  }
  return plan;
}
