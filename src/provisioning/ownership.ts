// One OX object, one directory object (issue 14 item 1, decision 0200). Handlers that create an OX object by
// name and adopt it when OX says it exists (users, groups, resources; contexts by id) ask here first:
// - claimName() before the create: another unit of this process creating or adopting the same name → parked;
// - refuseAdoption() before adopting the OX object OX named: another stored object owns its id → parked;
// - otherOwner() before a delete: an OX object another object owns (a store written before this rule) stays.
// Functional accounts (no OX id; their address decides) use claimName() and conflict() from
// functional-accounts/ownership.ts.
// Names are unique per context in OX and the id survives renames, so the id decides (docs/reference/ox-users.md).
import type { ChangeRecord } from '../model/change.js';
import { nameKey, type Owner } from '../state/ownership.js';
import { describe, PermanentError, type ProvisioningEnv } from './types.js';

/** What the messages call an OX object of this kind and the directory attribute that names it. */
const KINDS = {
  user: { label: 'OX user', named: 'username', fix: 'give one of them another username (or set isOxUser off)' },
  group: { label: 'OX group', named: 'group name', fix: 'give one of them another name (or set isOxGroup off)' },
  resource: { label: 'OX resource', named: 'name', fix: 'give one of them another name (or remove it)' },
  context: { label: 'OX context', named: 'contextid', fix: 'give one of them another contextid (or remove it)' },
  // No OX id of its own: the address owns the secondary accounts of a context (decision 0240).
  'functional-account': {
    label: 'functional account',
    named: 'mailPrimaryAddress',
    fix: 'give one of them another mailPrimaryAddress (or remove it)',
  },
} as const;
export type OwnedKind = keyof typeof KINDS;

function ownerText(o: Owner): string {
  return `${o.udmType} ${o.dn} (id ${o.objectId})`;
}

/** Parks the object: `name` of `kind` in `contextId` is another object's (`rest` says whose and why). */
export function conflict(change: ChangeRecord, kind: OwnedKind, name: string, contextId: number, rest: string): never {
  const k = KINDS[kind];
  throw new PermanentError(
    `Cannot provision ${describe(change)}: the ${k.label} "${name}"${kind === 'context' ? '' : ` in context ${contextId}`} ${rest}. ` +
      `An OX object belongs to exactly one directory object, so it is not taken over. In the directory, ` +
      `${k.fix}; then retry this object: ox-connector tasks retry ${change.objectId}`,
  );
}

/**
 * Claims `name` of `kind` in `contextId` for this object until its change is committed (or `release` is called).
 * Throws a PermanentError when another unit of this process holds the claim: both want the same OX object.
 */
export function claimName(
  env: ProvisioningEnv,
  change: ChangeRecord,
  kind: OwnedKind,
  contextId: number,
  name: string,
): { release(): void } {
  const key = nameKey(kind, contextId, name);
  const me: Owner = { objectId: change.objectId, udmType: change.udmType, dn: change.dn };
  const holder = env.store.ownership.claim(key, me);
  if (holder) {
    conflict(
      change,
      kind,
      name,
      contextId,
      `is being created or taken over by ${ownerText(holder)}, which has the same ${KINDS[kind].named}`,
    );
  }
  return { release: () => env.store.ownership.releaseClaim(key, change.objectId) };
}

/**
 * Runs a create-or-adopt of `name` under claimName: the claim is held until this object's commit, so a second
 * object of the same name in this pass cannot adopt what this one creates; a failed attempt gives it back.
 */
export async function withNameClaim<T>(
  env: ProvisioningEnv,
  change: ChangeRecord,
  kind: OwnedKind,
  contextId: number,
  name: string,
  createOrAdopt: () => Promise<T>,
): Promise<T> {
  const claim = claimName(env, change, kind, contextId, name);
  try {
    return await createOrAdopt();
  } catch (err) {
    claim.release();
    throw err;
  }
}

/** Throws (parks the object) when another stored object owns the OX object this one is about to adopt. */
export function refuseAdoption(
  env: ProvisioningEnv,
  change: ChangeRecord,
  kind: OwnedKind,
  contextId: number,
  oxId: number,
  name: string,
): void {
  const owner = env.store.ownership.storedOwner(contextId, kind, oxId, change.objectId);
  if (!owner) return;
  conflict(
    change,
    kind,
    name,
    contextId,
    `(OX id ${oxId}) belongs to ${ownerText(owner)}, which has the same ${KINDS[kind].named}`,
  );
}

/**
 * Another stored object that owns the same OX object as this one. Only a store written before decision 0200 can
 * hold such a pair; a delete then leaves the OX object to the other owner.
 */
export function otherOwner(
  env: ProvisioningEnv,
  objectId: string,
  kind: OwnedKind,
  contextId: number,
  oxId: number,
): Owner | undefined {
  return env.store.ownership.storedOwner(contextId, kind, oxId, objectId);
}

export { ownerText };
