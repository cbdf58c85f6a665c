// The OX members of a group per context, from its member DNs (issue 14 item 2, decision 0207). A cache
// operation must never cost a group a member:
// - a provisioned user whose cached OX id was forgotten (`cache rebuild --delete`) is looked up in OX by its
//   login name in its context — never treated as "not a member" (the original left such users out,
//   original-behaviour §2.3) — and its id is put back into the store;
// - a member the store no longer knows at all (`cache remove DN`) cannot be looked up (its context and login
//   went with it), so the ids the group had in OX that no stored user accounts for are kept until that member
//   is provisioned again (which re-plans the group, decision 0071).
// Why a change must carry every member: OX's group `change` replaces the member list (docs/reference/ox-groups.md).
import { normalizeDn } from '../../model/dn.js';
import { forgottenUserIds, ownedUserIds, restoreUserId, type ForgottenUserId } from '../../state/forgotten-user-ids.js';
import { resolveRefs } from '../../state/references.js';
import { isNotFound, ONLY_ID } from '../ox-port.js';
import type { ProvisioningEnv } from '../types.js';
import { splitMembers, type GroupInContext, type MemberSplit } from './plan.js';

/** Lookups of forgotten ids in flight at once: a group whose every member was forgotten is not 10,000 calls in a row. */
const LOOKUPS_AT_ONCE = 8;

export async function groupMembers(
  env: ProvisioningEnv,
  memberDns: string[],
  storedDns: string[],
  previous: Map<number, GroupInContext>,
  what: string,
): Promise<MemberSplit> {
  const resolved = resolveRefs(env.store.db, memberDns);
  const idless = [...resolved.values()].filter((r) => r.oxId === undefined).map((r) => r.objectId);
  const forgotten = forgottenUserIds(env.store.db, idless);
  for (let i = 0; i < forgotten.length; i += LOOKUPS_AT_ONCE) {
    const found = await Promise.all(forgotten.slice(i, i + LOOKUPS_AT_ONCE).map((u) => lookUp(env, u, what)));
    for (const [j, oxId] of found.entries()) {
      const user = forgotten[i + j];
      if (oxId === undefined) continue;
      for (const ref of resolved.values())
        if (ref.objectId === user.objectId) Object.assign(ref, { contextId: user.contextId, oxId });
    }
  }
  const split = splitMembers(memberDns, resolved);
  keepMembersOfForgottenObjects(env, split, storedDns, previous, what);
  return split;
}

/** The user's OX id by login name in its context (and put back into the store); undefined when OX has none. */
async function lookUp(env: ProvisioningEnv, user: ForgottenUserId, what: string): Promise<number | undefined> {
  let found: { id?: unknown } | undefined;
  try {
    found = (await env.ox.call(
      'OXUserService',
      'getData',
      { ctx: { id: user.contextId }, user: { name: user.oxName } },
      ONLY_ID,
    )) as { id?: unknown } | undefined;
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  if (typeof found?.id !== 'number') {
    env.log.info(
      `Member ${user.oxName} of ${what} has no cached OX id and OX has no such user in context ${user.contextId}: not a member there`,
    );
    return undefined;
  }
  restoreUserId(env.store.db, user, found.id);
  env.log.info(`Looked up the forgotten OX id of member ${user.oxName} of ${what} in context ${user.contextId}`, {
    oxId: found.id,
  });
  return found.id;
}

function keepMembersOfForgottenObjects(
  env: ProvisioningEnv,
  split: MemberSplit,
  storedDns: string[],
  previous: Map<number, GroupInContext>,
  what: string,
): void {
  const before = new Set(storedDns.map((dn) => normalizeDn(dn)));
  const gone = split.waiting.filter((dn) => before.has(normalizeDn(dn)));
  if (gone.length === 0) return;
  for (const [contextId, group] of previous) {
    const members = new Set(split.byContext.get(contextId) ?? []);
    const owned = ownedUserIds(env.store.db, contextId, group.members);
    const kept = group.members.filter((id) => !members.has(id) && !owned.has(id));
    if (kept.length === 0) continue;
    for (const id of kept) members.add(id);
    split.byContext.set(
      contextId,
      [...members].sort((a, b) => a - b),
    );
    env.log.warning(
      `${what}: ${gone.length} member(s) are no longer in the connector's store (e.g. ${gone[0]}, removed from the cache?); their ${kept.length} OX membership(s) in context ${contextId} are kept until they are provisioned again (a change in the directory, or ox-connector tasks reprovision --trigger)`,
    );
  }
}
