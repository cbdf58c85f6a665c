// One walk over the desired state, keeping only what matching needs: per context, which directory object wants
// which OX user or resource name, every user by DN (group and functional-account members), and the OX groups and
// functional accounts wanted. Object states are
// read again one at a time when compared, so 100,000 users cost a few tens of MB here, not their full records.
import type { AttributeMapping } from '../config/attribute-mapping.js';
import type { Settings } from '../config/settings.js';
import { normalizeDn } from '../model/dn.js';
import { isAccessProfile } from './decide-access-profiles.js';
import { wantedContext } from './decide-contexts.js';
import { wantedAccountAddress, type IndexedAccount } from './decide-functional-accounts.js';
import { wantedGroup, type WantedGroup } from './decide-groups.js';
import { wantedResource } from './decide-resources.js';
import { wantedUser } from './decide-users.js';
import type { DesiredSource } from './directory-object.js';

export interface IndexedObject {
  objectId: string;
  dn: string;
}

export interface IndexedUser extends IndexedObject {
  contextId: number;
  name: string;
}

export interface DesiredIndex {
  /** context → OX login name → the user that wants it. */
  users: Map<number, Map<string, IndexedUser>>;
  usersByDn: Map<string, IndexedUser>;
  /** Every OX user field some wanted user sets: what reading OX's users must decode to compare them. */
  userFields: Set<string>;
  groups: (IndexedObject & { wanted: WantedGroup })[];
  /** context → OX resource name → the resource that wants it. */
  resources: Map<number, Map<string, IndexedObject>>;
  /** managed context id → the directory's context object for it. */
  contexts: Map<number, IndexedObject>;
  /** Every directory functional account with its address (its members say which contexts it is in). */
  functionalAccounts: IndexedAccount[];
  /** Every directory access profile (compared with the connector's profile file, in no context). */
  accessProfiles: IndexedObject[];
  warnings: string[];
}

function inContext<T>(map: Map<number, Map<string, T>>, contextId: number): Map<string, T> {
  let inner = map.get(contextId);
  if (!inner) map.set(contextId, (inner = new Map()));
  return inner;
}

export function indexDesired(
  source: DesiredSource,
  managed: ReadonlySet<number>,
  mapping: AttributeMapping,
  settings: Settings,
): DesiredIndex {
  const index: DesiredIndex = {
    users: new Map(),
    usersByDn: new Map(),
    userFields: new Set(),
    groups: [],
    resources: new Map(),
    contexts: new Map(),
    functionalAccounts: [],
    accessProfiles: [],
    warnings: [],
  };
  const outside = (kind: string, dn: string, contextId: number) =>
    index.warnings.push(
      `${kind} ${dn} belongs in context ${contextId}, which the connector does not manage (or --context left out); it is not reconciled there.`,
    );
  for (const obj of source.objects()) {
    try {
      const user = wantedUser(obj, mapping, settings);
      if (user) {
        const entry = { objectId: obj.objectId, dn: obj.dn, contextId: user.contextId, name: user.name };
        for (const field in user.fields) index.userFields.add(field);
        index.usersByDn.set(normalizeDn(obj.dn) ?? obj.dn, entry);
        if (managed.has(user.contextId)) inContext(index.users, user.contextId).set(user.name, entry);
        else outside('user', obj.dn, user.contextId);
        continue;
      }
      const context = wantedContext(obj);
      if (context) {
        // A context the connector does not manage is not reconciled (decision 0285), so not named either.
        if (managed.has(context.contextId))
          index.contexts.set(context.contextId, { objectId: obj.objectId, dn: obj.dn });
        continue;
      }
      const group = wantedGroup(obj, settings);
      if (group) {
        index.groups.push({ objectId: obj.objectId, dn: obj.dn, wanted: group });
        continue;
      }
      if (isAccessProfile(obj)) {
        index.accessProfiles.push({ objectId: obj.objectId, dn: obj.dn });
        continue;
      }
      const address = wantedAccountAddress(obj);
      if (address) {
        index.functionalAccounts.push({ objectId: obj.objectId, dn: obj.dn, address });
        continue;
      }
      const resource = wantedResource(obj);
      if (resource) {
        if (managed.has(resource.contextId))
          inContext(index.resources, resource.contextId).set(resource.fields.name, {
            objectId: obj.objectId,
            dn: obj.dn,
          });
        else outside('resource', obj.dn, resource.contextId);
      }
    } catch (err) {
      // The same refusal provisioning parks the object with: named, and the object left out of the plan.
      index.warnings.push(`${obj.udmType} ${obj.dn}: ${(err as Error).message}`);
    }
  }
  return index;
}
