// Carrying out deputy-permission operations (docs/reference/ox-deputy-permissions.md). OX refusing one permission
// (grant, update, revoke) does not fail the grantor, as in the original: it is logged and left out of the stored
// grants; outages still fail it. An OX without OXDeputyPermissionsService (before OX App Suite 8) answers HTTP 404:
// that is reported as ServiceMissing, which the users handler's wrapper turns into one warning.
import type { DeputyGrant } from '../../state/references.js';
import type { OperationName } from '../../ox/schema/index.js';
import type { OxArgs, OxResult } from '../../ox/types.js';
import { deputyPermission } from '../deputy-permissions/values.js';
import { isTransient } from '../ox-port.js';
import type { ProvisioningEnv } from '../types.js';
import type { ExecutionContext } from './operations.js';

export const DEPUTY_SERVICE = 'OXDeputyPermissionsService';
type DeputyServiceOperation = OperationName<typeof DEPUTY_SERVICE>;

/** OX has no OXDeputyPermissionsService. */
export class ServiceMissing extends Error {}

/** The grantor: an OX user in a context. */
interface Grantor {
  contextId: number;
  userId: number;
}

export interface DeputyRevokeAll extends Grantor {
  type: 'deputy-permission';
  op: 'revokeAll';
}

/** Revokes everything and lets the user grant permissions in OX himself again. */
export interface DeputyUnblock extends Grantor {
  type: 'deputy-permission';
  op: 'unblockManual';
}

export interface DeputyBlock extends Grantor {
  type: 'deputy-permission';
  op: 'blockManual';
}

export interface DeputyRevoke extends Grantor {
  type: 'deputy-permission';
  op: 'revoke';
  deputyOxId: number;
  deputyId: string;
}

export interface DeputyUpdate extends Grantor {
  type: 'deputy-permission';
  op: 'update';
  deputyId: string;
  /** The grant as stored once OX took it. */
  grant: DeputyGrant;
}

export interface DeputyGrantNew extends Grantor {
  type: 'deputy-permission';
  op: 'grant';
  /** The grant as stored once OX took it (OX's id filled in). */
  grant: DeputyGrant;
}

export type DeputyOperation =
  DeputyRevokeAll | DeputyUnblock | DeputyBlock | DeputyRevoke | DeputyUpdate | DeputyGrantNew;

/** For grant and update: the grant OX now holds, or none when OX refused it. */
export interface DeputyOutcome {
  type: 'deputy-permission';
  grant?: DeputyGrant;
}

async function call<O extends DeputyServiceOperation>(
  env: ProvisioningEnv,
  operation: O,
  args: OxArgs<typeof DEPUTY_SERVICE, O>,
): Promise<OxResult<typeof DEPUTY_SERVICE, O>> {
  try {
    return await env.ox.call(DEPUTY_SERVICE, operation, args);
  } catch (err) {
    if ((err as { httpStatus?: number }).httpStatus === 404) throw new ServiceMissing();
    throw err;
  }
}

export async function executeDeputyOperation(op: DeputyOperation, ctx: ExecutionContext): Promise<DeputyOutcome> {
  const { env } = ctx;
  const context = { id: op.contextId };
  const user = op.userId;
  const none: DeputyOutcome = { type: 'deputy-permission' };
  switch (op.op) {
    case 'revokeAll':
      await call(env, 'revokeAll', { context, user });
      return none;
    case 'unblockManual':
      await call(env, 'unblockManual', { context, user });
      env.log.info(`Revoked all deputy permissions of user ${user}; the user may now grant them in OX himself`);
      return none;
    case 'blockManual':
      await call(env, 'blockManual', { context, user });
      env.log.info('User is now blocked from granting deputy permissions autonomously.');
      return none;
    case 'revoke':
      await tolerant(env, () => call(env, 'revoke', { context, user, deputyId: op.deputyId }));
      env.log.info(`Revoked deputy permission of user ${user} for ${op.deputyOxId}`);
      return none;
    case 'update': {
      const permission = deputyPermission(op.grant.deputyOxId, op.grant);
      const ok = await tolerant(env, () =>
        call(env, 'update', { context, user, deputyId: op.deputyId, deputyPermission: permission }),
      );
      return ok ? { ...none, grant: op.grant } : none;
    }
    case 'grant': {
      let deputyId: string | null = null;
      const ok = await tolerant(env, async () => {
        const permission = deputyPermission(op.grant.deputyOxId, op.grant);
        deputyId = (await call(env, 'grant', { context, user, deputyPermission: permission })) ?? null;
      });
      if (!ok) return none;
      env.log.info(`Created deputy permission given to ${op.grant.deputyOxId} from user ${user}`);
      return { ...none, grant: { ...op.grant, deputyId } };
    }
  }
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
