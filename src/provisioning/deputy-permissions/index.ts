// Deputy permissions (OX_ENABLE_DEPUTY_PERMISSIONS, docs/reference/ox-deputy-permissions.md): after a user is
// provisioned, its oxDeputyPermissionGivenTo list is brought into OX through OXDeputyPermissionsService. The wrapper
// gathers the deputies from the store, plan.ts decides which calls the differences cost (decision 0075),
// executor/deputy-permissions.ts carries them out. Deputies are resolved through the store; one not provisioned yet
// is granted when it arrives (member_refs).
import type { DeputyGrant } from '../../state/references.js';
import type { StoreChange } from '../../state/store.js';
import { DEPUTY_SERVICE, ServiceMissing, type DeputyOutcome } from '../executor/deputy-permissions.js';
import { execute } from '../executor/execute.js';
import type { Outcome } from '../executor/operations.js';
import type { ObjectHandler, ProvisionInput, ProvisioningEnv } from '../types.js';
import { planDeputies } from './plan.js';
import { parseDeputyValues } from './values.js';

const isDeputyOutcome = (o: Outcome): o is DeputyOutcome => o.type === 'deputy-permission';

/** OX clients that answered "no such service" (reported once per process). */
const missingService = new WeakSet<object>();

/** The users handler plus deputy permissions, when the setting is on. */
export function withDeputyPermissions(users: ObjectHandler): ObjectHandler {
  return {
    ...users,
    async provision(input, env) {
      const result = await users.provision(input, env);
      if (!env.settings.enableDeputyPermissions || missingService.has(env.ox)) return result;
      try {
        const waiting: string[] = [];
        const refs = await provisionDeputies(input, env, result, waiting);
        if (refs === undefined) return result;
        return { ...result, memberRefs: refs, afterCommit: recheckAfterCommit(env, input, result, waiting) };
      } catch (err) {
        if (!(err instanceof ServiceMissing)) throw err;
        // Several users may learn it at the same time: say it once.
        if (missingService.has(env.ox)) return result;
        missingService.add(env.ox);
        env.log.warning(
          `OX_ENABLE_DEPUTY_PERMISSIONS is on, but OX has no ${DEPUTY_SERVICE} (it needs OX App Suite 8 or later); deputy permissions are not provisioned.`,
        );
        return result;
      }
    },
  };
}

/**
 * A deputy committed while this grantor was still in flight finds no stored grantor to re-plan (a new user is
 * stored only at its own commit). So after the commit, look again at the deputies that were missing: any that
 * arrived meanwhile re-plans this grantor.
 */
function recheckAfterCommit(
  env: ProvisioningEnv,
  input: ProvisionInput,
  result: StoreChange,
  waiting: string[],
): (() => void) | undefined {
  const own = result.afterCommit;
  if (waiting.length === 0) return own;
  return () => {
    own?.();
    if (env.references.resolve(waiting).size > 0)
      env.requeue(input.change.objectId, 'a deputy arrived while it was provisioned');
  };
}

/**
 * Returns the deputy DNs the user names (to re-plan it when they change), or undefined to leave refs alone;
 * `waiting` receives the deputy DNs not provisioned yet.
 */
async function provisionDeputies(
  input: ProvisionInput,
  env: ProvisioningEnv,
  result: StoreChange,
  waiting: string[],
): Promise<string[] | undefined> {
  const { change } = input;
  const refs = env.references;
  const grantor =
    result.object === null
      ? undefined
      : (result.oxIds ?? env.store.oxIdsOf(change.objectId)).find((r) => r.kind === 'user');
  const row = refs.deputyGrants(change.objectId);
  if (!grantor || result.object === null) {
    // Deleted or no OX user any more: OX removed the permissions with the user.
    if (row) refs.deleteDeputyGrants(change.objectId);
    return result.object === null ? undefined : [];
  }
  const parseProblems: string[] = [];
  const values = parseDeputyValues(change.attributes?.oxDeputyPermissionGivenTo, parseProblems);
  const dns = values.map((v) => v.dn);
  // Written at once, not only at commit: a deputy provisioned in parallel then finds this grantor after its own
  // commit and re-plans it (users/dependents.ts).
  refs.replaceMemberRefs(change.objectId, dns);
  const liveDeputies = new Set(
    (row?.grants ?? [])
      .map((g) => g.deputyOxId)
      .filter((id) => env.store.objectIdForOxId(grantor.contextId, 'user', id) !== undefined),
  );
  const plan = planDeputies({
    grantorId: change.objectId,
    grantorDn: change.dn,
    grantor: { contextId: grantor.contextId, oxId: grantor.oxId },
    values,
    parseProblems,
    resolved: refs.resolve(dns),
    row,
    liveDeputies,
  });
  for (const line of plan.log) env.log[line.level](line.message, line.fields);
  waiting.push(...plan.waiting);
  const outcomes = await execute(plan.ops, { env, change });

  if (plan.grants === null) {
    if (row) refs.deleteDeputyGrants(change.objectId);
    return dns;
  }
  const granted = new Map<number, DeputyGrant>();
  for (const outcome of outcomes.filter(isDeputyOutcome))
    if (outcome.grant) granted.set(outcome.grant.deputyOxId, outcome.grant);
  const grants = plan.grants.flatMap((g) => g.unchanged ?? granted.get(g.deputyOxId) ?? []);
  refs.putDeputyGrants({
    grantorId: change.objectId,
    contextId: grantor.contextId,
    oxUserId: grantor.oxId,
    grants,
    blocked: true,
  });
  return dns;
}
