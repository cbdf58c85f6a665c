// Carrying out context operations, with their fallbacks: a create that finds the context adopts it (quota and name
// set), a change of a vanished context creates it again, a delete of a missing one is done, and a context another
// stored object owns is neither adopted nor deleted (decision 0200).
import { isAlreadyExists } from '../ox-port.js';
import { withNameClaim, refuseAdoption } from '../ownership.js';
import { randomPassword } from '../passwords.js';
import { describe, type ProvisioningEnv } from '../types.js';
import { changeOrRecreate, deleteTolerant, keptForOtherOwner } from './fallbacks.js';
import type { ExecutionContext } from './operations.js';

export interface ContextCreate {
  type: 'context';
  op: 'create';
  contextId: number;
  name: string;
  maxQuota: number;
}

export interface ContextChange {
  type: 'context';
  op: 'change';
  contextId: number;
  name: string;
  maxQuota: number;
  /** What the store says OX held, for the log line. */
  previous: { name: string; maxQuota: number };
}

export interface ContextDelete {
  type: 'context';
  op: 'delete';
  contextId: number;
}

export type ContextOperation = ContextCreate | ContextChange | ContextDelete;

/** The context the object stands for afterwards; undefined after a delete. */
export interface ContextOutcome {
  type: 'context';
  contextId?: number;
}

export function contextAdminName(contextId: number, defaultContext: number): string {
  return contextId === defaultContext ? 'oxadmin' : `oxadmin-context${contextId}`;
}

export async function executeContextOperation(op: ContextOperation, ctx: ExecutionContext): Promise<ContextOutcome> {
  const { env, change } = ctx;
  const { contextId, op: kind } = op;
  if (kind === 'delete') {
    await deleteContext(ctx, contextId);
    return { type: 'context' };
  }
  if (kind === 'change') {
    const { name, maxQuota } = op;
    await changeOrRecreate(
      env.log,
      async () => {
        await env.ox.call('OXContextService', 'change', { ctx: { id: contextId, name, maxQuota } });
        env.log.info(`Changed context ${contextId}`, changedContextFields(op));
      },
      `Context ${contextId} vanished from OX; creating it again`,
      () => createContext(env, contextId, name, maxQuota),
    );
    return { type: 'context', contextId };
  }
  // A context another object owns is not taken over (decision 0200); the claim keeps two new objects of one
  // contextid in this pass from both adopting it, until this one's commit.
  await withNameClaim(env, change, 'context', contextId, String(contextId), async () => {
    refuseAdoption(env, change, 'context', contextId, contextId, String(contextId));
    await createContext(env, contextId, op.name, op.maxQuota);
  });
  return { type: 'context', contextId };
}

async function deleteContext(ctx: ExecutionContext, id: number): Promise<void> {
  const { env, change } = ctx;
  const what = describe(change);
  // A context that a store from before decision 0200 also gives to another object stays with that object.
  const kept = (owner: string) =>
    `Not deleting context ${id} for ${what}: it belongs to ${owner} as well; only this object's record of it is removed`;
  if (keptForOtherOwner(ctx, 'context', id, id, kept)) return;
  if (await deleteTolerant(() => env.ox.call('OXContextService', 'delete', { ctx: { id } })))
    env.log.info(`Deleted context ${id}`, { dn: change.dn });
  else env.log.info(`${what} does not exist. Doing nothing...`);
  if (env.credentials.removeContext(id)) env.log.info(`Removed context ${id} from ${env.credentials.path}`);
}

/** What a context change altered, for the log line (old → new). */
function changedContextFields(op: ContextChange): Record<string, string> {
  const changed: Record<string, string> = {};
  if (op.previous.name !== op.name) changed.name = `${op.previous.name} -> ${op.name}`;
  if (op.previous.maxQuota !== op.maxQuota) changed.maxQuota = `${op.previous.maxQuota} -> ${op.maxQuota}`;
  return changed;
}

async function createContext(env: ProvisioningEnv, id: number, name: string, maxQuota: number): Promise<void> {
  const { settings, credentials, log } = env;
  // Write the admin credentials before OX creates the context, so a crash right after the create cannot lose
  // the password. An existing entry (ours from an interrupted run, or the administrator's) is reused.
  const existing = credentials.context(id);
  const admin = existing ?? { adminuser: contextAdminName(id, settings.defaultContext), adminpass: randomPassword() };
  if (!existing) credentials.setContext(id, admin);
  const email = `${admin.adminuser}@${settings.domainName}`;
  try {
    await env.ox.call('OXContextService', 'create', {
      ctx: { id, name, maxQuota, loginMappings: [`context${id}`, String(id)], enabled: true },
      admin_user: {
        name: admin.adminuser,
        display_name: 'OX Admin',
        given_name: 'OX',
        sur_name: 'Admin',
        primaryEmail: email,
        email1: email,
        timezone: settings.timezone,
        password: admin.adminpass,
      },
    });
    log.info(`Created context ${id} with admin ${admin.adminuser}`, { name, maxQuota });
  } catch (err) {
    if (!existing) credentials.removeContext(id);
    if (!isAlreadyExists(err)) throw err;
    log.info(`Context ${id} exists. Modifying instead...`);
    if (!existing) {
      log.warning(
        `Context ${id} already existed in OX and ${credentials.path} has no entry for it; add its admin credentials there so its users can be provisioned.`,
      );
    }
    // As the original's modify: the UDM name and quota win over what the existing OX context had.
    await env.ox.call('OXContextService', 'change', { ctx: { id, name, maxQuota } });
  }
}
