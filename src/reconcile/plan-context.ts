// The plan for one managed context: every OX user, group, resource and functional account there matched with the directory object
// that wants it (by OX name), compared through the decide-* adapters, and what no directory object accounts for
// marked as an orphan. An OX object the store records for a directory object that no longer wants it there is a
// plain delete.
import type { AttributeMapping } from '../config/attribute-mapping.js';
import type { Settings } from '../config/settings.js';
import type { Account, Group, Resource, User } from '../ox/types.js';
import type { OwnedOxObject } from '../state/managed-contexts.js';
import { accountActions } from './decide-functional-accounts.js';
import { groupFieldsOf, groupOpInContext, type MemberUser } from './decide-groups.js';
import { resourceFieldsThatDiffer, wantedResource } from './decide-resources.js';
import { userFieldsThatDiffer, wantedUser } from './decide-users.js';
import type { DesiredIndex, IndexedObject, IndexedUser } from './desired-index.js';
import type { DesiredSource } from './directory-object.js';
import type { ReconcileAction, ReconcileKind } from './types.js';

export interface ContextPlanInput {
  contextId: number;
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

/** Fed the context's users batch by batch as they are read (`users()`), then its groups and resources (`finish()`). */
export class ContextPlanner {
  private readonly plan: ContextPlan = { actions: [], unchanged: 0 };
  /** OX login name → OX id: all that is kept of a user once compared. */
  private readonly oxUserIds = new Map<string, number>();
  private readonly wantedUsers;

  constructor(private readonly input: ContextPlanInput) {
    this.wantedUsers = input.index.users.get(input.contextId) ?? new Map<string, IndexedUser>();
  }

  private act(action: ReconcileAction): void {
    this.plan.actions.push(action);
  }

  /** Users: matched by login name and compared at once. */
  users(batch: readonly User[]): void {
    const { contextId, source, owned } = this.input;
    for (const ox of batch) {
      const name = String(ox.name ?? '');
      if (typeof ox.id !== 'number') continue;
      // A copy: the decoded name may be a slice of the whole answer's text, which it would keep alive.
      this.oxUserIds.set(Buffer.from(name, 'utf8').toString('utf8'), ox.id);
      const entry = this.wantedUsers.get(name);
      const obj = entry && source.get(entry.objectId);
      const wanted = obj && wantedUser(obj, this.input.mapping, this.input.settings);
      if (!entry || !wanted) {
        this.act(unaccounted('user', contextId, ox.id, name, owned));
        continue;
      }
      const fields = userFieldsThatDiffer(wanted, ox, this.input.settings);
      if (fields.length === 0) this.plan.unchanged++;
      else
        this.act({
          op: 'change',
          kind: 'user',
          context: contextId,
          name,
          dn: entry.dn,
          fields,
          objectId: entry.objectId,
        });
    }
  }

  finish(groups: readonly Group[], resources: readonly Resource[], accounts: readonly Account[] = []): ContextPlan {
    const { contextId } = this.input;
    for (const [name, entry] of this.wantedUsers) {
      if (!this.oxUserIds.has(name))
        this.act({ op: 'create', kind: 'user', context: contextId, name, dn: entry.dn, objectId: entry.objectId });
    }
    this.groups(groups);
    this.resources(resources);
    const { index, source, settings } = this.input;
    const fa = accountActions({
      contextId,
      accounts: index.functionalAccounts,
      source,
      settings,
      usersByDn: index.usersByDn,
      oxUserIds: this.oxUserIds,
      read: accounts,
    });
    this.plan.actions.push(...fa.actions);
    this.plan.unchanged += fa.unchanged;
    return this.plan;
  }

  /** Groups: by name; members as OX ids of this context (a user OX lacks gets an id OX has not: a difference). */
  private groups(read: readonly Group[]): void {
    const { contextId, index, owned } = this.input;
    let missingId = 0;
    const missingIds = new Map<string, number>();
    const member = (norm: string): MemberUser | undefined => {
      const user = index.usersByDn.get(norm);
      if (!user || user.contextId !== contextId) return undefined;
      let oxId = this.oxUserIds.get(user.name);
      if (oxId === undefined) {
        oxId = missingIds.get(norm) ?? --missingId;
        missingIds.set(norm, oxId);
      }
      return { objectId: user.objectId, dn: user.dn, contextId, oxId };
    };
    const oxGroups = new Map<string, Group>();
    for (const g of read) oxGroups.set(String(g.name ?? ''), g);
    const matched = new Set<string>();
    for (const group of index.groups) {
      const name = group.wanted.name;
      const ox = oxGroups.get(name);
      if (ox) matched.add(name);
      const op = groupOpInContext(contextId, group.wanted, member, ox);
      const base = { kind: 'group' as const, context: contextId, name, dn: group.dn, objectId: group.objectId };
      if (!op) {
        if (ox) this.plan.unchanged++;
      } else if (op.op === 'create') this.act({ op: 'create', ...base });
      else if (op.op === 'change') this.act({ op: 'change', ...base, fields: groupFieldsOf(op, ox) });
      else this.act(unaccounted('group', contextId, op.oxId, name, owned));
    }
    for (const [name, g] of oxGroups) {
      if (!matched.has(name) && typeof g.id === 'number') this.act(unaccounted('group', contextId, g.id, name, owned));
    }
  }

  /** Resources: by name. */
  private resources(read: readonly Resource[]): void {
    const { contextId, index, source, owned } = this.input;
    const wantedResources = index.resources.get(contextId) ?? new Map<string, IndexedObject>();
    const oxResources = new Set<string>();
    for (const ox of read) {
      const name = String(ox.name ?? '');
      if (typeof ox.id !== 'number') continue;
      oxResources.add(name);
      const entry = wantedResources.get(name);
      const obj = entry && source.get(entry.objectId);
      const wanted = obj && wantedResource(obj);
      if (!entry || !wanted) {
        this.act(unaccounted('resource', contextId, ox.id, name, owned));
        continue;
      }
      const fields = resourceFieldsThatDiffer(obj, wanted, ox);
      if (fields.length === 0) this.plan.unchanged++;
      else
        this.act({
          op: 'change',
          kind: 'resource',
          context: contextId,
          name,
          dn: entry.dn,
          fields,
          objectId: entry.objectId,
        });
    }
    for (const [name, entry] of wantedResources) {
      if (!oxResources.has(name))
        this.act({ op: 'create', kind: 'resource', context: contextId, name, dn: entry.dn, objectId: entry.objectId });
    }
  }
}
