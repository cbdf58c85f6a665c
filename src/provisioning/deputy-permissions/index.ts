// Deputy permissions (OX_ENABLE_DEPUTY_PERMISSIONS, docs/reference/ox-deputy-permissions.md): after a user is
// provisioned, its oxDeputyPermissionGivenTo list is brought into OX through OXDeputyPermissionsService. Unlike the
// original (revoke everything and grant again on every change), only differences cost calls: a new deputy = 1 grant,
// a removed one = 1 revoke, changed rights = 1 update, nothing changed = 0 calls (decision 0075). Deputies are
// resolved through the store; one not provisioned yet is granted when it arrives (member_refs).
import { normalizeDn } from '../../model/dn.js';
import type { DeputyGrant } from '../../state/references.js';
import type { StoreChange } from '../../state/store.js';
import type { OperationName } from '../../ox/schema/index.js';
import type { OxArgs, OxResult } from '../../ox/types.js';
import { isTransient } from '../ox-port.js';
import type { ObjectHandler, ProvisionInput, ProvisioningEnv } from '../types.js';
import { deputyPermission, parseDeputyValues } from './values.js';

const SERVICE = 'OXDeputyPermissionsService';
type DeputyOperation = OperationName<typeof SERVICE>;
/** OX clients that answered "no such service" (reported once per process). */
const missingService = new WeakSet<object>();

class ServiceMissing extends Error {}

async function call<O extends DeputyOperation>(
  env: ProvisioningEnv,
  operation: O,
  args: OxArgs<typeof SERVICE, O>,
): Promise<OxResult<typeof SERVICE, O>> {
  try {
    return await env.ox.call(SERVICE, operation, args);
  } catch (err) {
    if ((err as { httpStatus?: number }).httpStatus === 404) throw new ServiceMissing();
    throw err;
  }
}

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
          `OX_ENABLE_DEPUTY_PERMISSIONS is on, but OX has no ${SERVICE} (it needs OX App Suite 8 or later); deputy permissions are not provisioned.`,
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
  const ctx = { id: grantor.contextId };
  const user = grantor.oxId;
  const problems: string[] = [];
  const values = parseDeputyValues(change.attributes?.oxDeputyPermissionGivenTo, problems);
  // The original keys on the list being non-empty, not on what could be granted: a list of only unresolvable
  // deputies still revokes everything and blocks manual editing (docs/reference/ox-deputy-permissions.md).
  const listed = values.length > 0 || problems.length > 0;
  // Written at once, not only at commit: a deputy provisioned in parallel then finds this grantor after its own
  // commit and re-plans it (users/dependents.ts).
  refs.replaceMemberRefs(
    change.objectId,
    values.map((v) => v.dn),
  );
  const resolved = refs.resolve(values.map((v) => v.dn));
  const desired = new Map<number, DeputyGrant>();
  for (const v of values) {
    const ref = resolved.get(normalizeDn(v.dn) ?? '');
    if (!ref) {
      waiting.push(v.dn);
      env.log.info(`Deputy ${v.dn} is not provisioned yet; the permission is granted when it arrives`);
      continue;
    }
    if (ref.objectId === change.objectId) problems.push('The deputy permission cannot be granted for the same object.');
    else if (ref.oxId === undefined) env.log.info(`Deputy ${v.dn} is no OX user; no permission granted`);
    else if (ref.contextId !== grantor.contextId)
      problems.push(`Deputy permissions can only be granted for users in the same OX context (${v.dn}).`);
    else if (desired.has(ref.oxId))
      problems.push(`The permission can only be granted once between the same accounts (${v.dn}).`);
    else
      desired.set(ref.oxId, {
        deputyOxId: ref.oxId,
        deputyId: null,
        mail: v.mail,
        calendar: v.calendar,
        sendOnBehalfOf: v.sendOnBehalfOf,
      });
  }
  for (const p of problems) env.log.warning(`${change.dn}: ${p}`);

  // Grants recorded for another OX user (moved context, re-created) are gone with that user.
  const current = row && row.contextId === grantor.contextId && row.oxUserId === user ? row : undefined;
  const have = new Map((current?.grants ?? []).map((g) => [g.deputyOxId, g]));
  const next: DeputyGrant[] = [];

  if (!listed) {
    // A row exists only while the last provisioned list was non-empty: the original then revokes and unblocks.
    if (current) {
      await call(env, 'revokeAll', { context: ctx, user });
      await call(env, 'unblockManual', { context: ctx, user });
      env.log.info(`Revoked all deputy permissions of user ${user}; the user may now grant them in OX himself`);
    }
    if (row) refs.deleteDeputyGrants(change.objectId);
    return values.map((v) => v.dn);
  }

  if (!current) {
    // First provisioning: remove what the user set up by hand in OX, as the original does.
    await call(env, 'revokeAll', { context: ctx, user });
  }
  for (const [deputyOxId, old] of have) {
    if (desired.has(deputyOxId)) continue;
    // A deputy OX already deleted took its permission along.
    const live = env.store.objectIdForOxId(grantor.contextId, 'user', deputyOxId) !== undefined;
    if (old.deputyId !== null && live)
      await tolerant(env, () => call(env, 'revoke', { context: ctx, user, deputyId: old.deputyId }));
    env.log.info(`Revoked deputy permission of user ${user} for ${deputyOxId}`);
  }
  for (const want of desired.values()) {
    const old = have.get(want.deputyOxId);
    const same =
      old && old.mail === want.mail && old.calendar === want.calendar && old.sendOnBehalfOf === want.sendOnBehalfOf;
    if (same) {
      next.push(old);
      continue;
    }
    const permission = deputyPermission(want.deputyOxId, want);
    if (old && old.deputyId !== null) {
      const ok = await tolerant(env, () =>
        call(env, 'update', { context: ctx, user, deputyId: old.deputyId, deputyPermission: permission }),
      );
      if (ok) next.push({ ...want, deputyId: old.deputyId });
      continue;
    }
    let deputyId: string | null = null;
    const ok = await tolerant(env, async () => {
      deputyId = (await call(env, 'grant', { context: ctx, user, deputyPermission: permission })) ?? null;
    });
    if (ok) {
      next.push({ ...want, deputyId });
      env.log.info(`Created deputy permission given to ${want.deputyOxId} from user ${user}`);
    }
  }
  let blocked = current?.blocked ?? false;
  if (!blocked) {
    await call(env, 'blockManual', { context: ctx, user });
    blocked = true;
    env.log.info('User is now blocked from granting deputy permissions autonomously.');
  }
  refs.putDeputyGrants({
    grantorId: change.objectId,
    contextId: grantor.contextId,
    oxUserId: user,
    grants: next,
    blocked,
  });
  return values.map((v) => v.dn);
}

/** OX refusing one permission must not fail the user (as in the original); outages still do. */
async function tolerant(env: ProvisioningEnv, action: () => Promise<unknown>): Promise<boolean> {
  try {
    await action();
    return true;
  } catch (err) {
    if (err instanceof ServiceMissing || isTransient(err)) throw err;
    env.log.warning(`Error provisioning a deputy permission: ${(err as Error).message}`);
    return false;
  }
}
