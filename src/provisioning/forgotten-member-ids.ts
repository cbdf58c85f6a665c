// Members (of groups, functional accounts) that are provisioned users whose cached OX id was forgotten
// (`cache rebuild --delete`) are looked up in OX by login name in their context, never taken for "not an OX
// user" (issue 14 item 2, decision 0207; why it matters: docs/reference/ox-groups.md).
import type { ForgottenUserId } from '../state/forgotten-user-ids.js';
import type { ResolvedRef } from '../state/references.js';
import { isNotFound, ONLY_ID } from './ox-port.js';
import type { ProvisioningEnv } from './types.js';

/** Lookups of forgotten ids in flight at once: a group whose every member was forgotten is not 10,000 calls in a row. */
const LOOKUPS_AT_ONCE = 8;

/** Completes `resolved` (from resolveRefs) with the OX ids of members whose cached id was forgotten. */
export async function fillForgottenIds(
  env: ProvisioningEnv,
  resolved: Map<string, ResolvedRef>,
  what: string,
): Promise<void> {
  const idless = [...resolved.values()].filter((r) => r.oxId === undefined).map((r) => r.objectId);
  const forgotten = env.references.forgottenUserIds(idless);
  for (let i = 0; i < forgotten.length; i += LOOKUPS_AT_ONCE) {
    const found = await Promise.all(forgotten.slice(i, i + LOOKUPS_AT_ONCE).map((u) => lookUp(env, u, what)));
    for (const [j, oxId] of found.entries()) {
      const user = forgotten[i + j];
      if (oxId === undefined) continue;
      for (const ref of resolved.values())
        if (ref.objectId === user.objectId) Object.assign(ref, { contextId: user.contextId, oxId });
    }
  }
}

/** The user's OX id by login name in its context (and put back into the store); undefined when OX has none. */
async function lookUp(env: ProvisioningEnv, user: ForgottenUserId, what: string): Promise<number | undefined> {
  let found: { id?: number | null } | undefined;
  try {
    found = await env.ox.call(
      'OXUserService',
      'getData',
      { ctx: { id: user.contextId }, user: { name: user.oxName } },
      ONLY_ID,
    );
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  if (typeof found?.id !== 'number') {
    env.log.info(
      `Member ${user.oxName} of ${what} has no cached OX id and OX has no such user in context ${user.contextId}: not a member there`,
    );
    return undefined;
  }
  env.references.restoreUserId(user, found.id);
  env.log.info(`Looked up the forgotten OX id of member ${user.oxName} of ${what} in context ${user.contextId}`, {
    oxId: found.id,
  });
  return found.id;
}
