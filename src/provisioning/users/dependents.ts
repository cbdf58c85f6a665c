// When a user appears in OX, moves to another context, is renamed, switched off or deleted, the objects that
// name it (groups, functional accounts, deputy grantors: member_refs) are re-planned from their stored state.
// This replaces the original's one-shot group re-queue (docs/reference/original-connector.md, weakness 6) and covers
// the members that were not provisioned yet when their group was (decision 0071).
import { normalizeDn } from '../../model/dn.js';
import type { StoreChange } from '../../state/store.js';
import type { ObjectHandler, ProvisionInput, ProvisioningEnv } from '../types.js';

/**
 * Decides now (while the store still holds the previous state) whether the user's OX identity or DN changes, and
 * returns what to run after the commit: looking referrers up only then also finds a grantor that named this
 * user while it was being provisioned in parallel.
 */
export function dependentsAfterCommit(
  env: ProvisioningEnv,
  input: ProvisionInput,
  result: StoreChange,
): (() => void) | undefined {
  const { change, stored } = input;
  const before = env.store.oxIdsOf(change.objectId).find((r) => r.kind === 'user');
  const after =
    result.object === null ? undefined : result.oxIds ? result.oxIds.find((r) => r.kind === 'user') : before;
  const sameOx = before?.contextId === after?.contextId && before?.oxId === after?.oxId;
  const oldDn = stored?.dn;
  const renamed = oldDn !== undefined && normalizeDn(oldDn) !== normalizeDn(change.dn);
  if (sameOx && !renamed && stored) return undefined;
  const dns = oldDn !== undefined && renamed ? [oldDn, change.dn] : [change.dn];
  return () => {
    for (const owner of env.references.referrersOf(dns)) {
      if (owner !== change.objectId) env.requeue(owner, `member ${change.dn} changed in OX`);
    }
  };
}

/** The users handler, plus re-planning of the objects naming a user whose OX identity or DN changed. */
export function withDependents(users: ObjectHandler): ObjectHandler {
  return {
    ...users,
    async provision(input, env) {
      const result = await users.provision(input, env);
      const after = dependentsAfterCommit(env, input, result);
      if (!after) return result;
      const own = result.afterCommit;
      return {
        ...result,
        afterCommit: () => {
          own?.();
          after();
        },
      };
    },
  };
}
