// The OX members of a group per context, from its member DNs (issue 14 item 2, decision 0207). A cache
// operation must never cost a group a member:
// - a provisioned user whose cached OX id was forgotten (`cache rebuild --delete`) is looked up in OX by its
//   login name in its context — never treated as "not a member" (the original left such users out,
//   docs/reference/original-connector.md) — and its id is put back into the store;
// - a member the store no longer knows at all (`cache remove DN`) cannot be looked up (its context and login
//   went with it), so the ids the group had in OX that no stored user accounts for are kept until that member
//   is provisioned again (which re-plans the group, decision 0071).
// Why a change must carry every member: OX's group `change` replaces the member list (docs/reference/ox-groups.md).
import { normalizeDn } from '../../model/dn.js';
import { fillForgottenIds } from '../forgotten-member-ids.js';
import type { ProvisioningEnv } from '../types.js';
import { splitMembers, type GroupInContext, type MemberSplit } from './plan.js';

export async function groupMembers(
  env: ProvisioningEnv,
  memberDns: string[],
  storedDns: string[],
  previous: Map<number, GroupInContext>,
  what: string,
): Promise<MemberSplit> {
  const resolved = env.references.resolve(memberDns);
  await fillForgottenIds(env, resolved, what);
  const split = splitMembers(memberDns, resolved);
  keepMembersOfForgottenObjects(env, split, storedDns, previous, what);
  return split;
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
    const owned = env.references.ownedUserIds(contextId, group.members);
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
