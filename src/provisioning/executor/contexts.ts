// Carrying out context operations, with their fallbacks: a create that finds the context adopts it (quota and name
// set), a change of a vanished context creates it again, a delete of a missing one is done, and a context another
// stored object owns is neither adopted nor deleted (decision 0200).
import type { ChangeRecord } from '../../model/change.js';
import { isAlreadyExists, isNotFound } from '../ox-port.js';
import { claimName, otherOwner, ownerText, refuseAdoption } from '../ownership.js';
import { randomPassword } from '../passwords.js';
import { describe, type ProvisioningEnv } from '../types.js';

export type ContextOperation =
  | { type: 'context'; op: 'create'; contextId: number; name: string; maxQuota: number }
  | {
      type: 'context';
      op: 'change';
      contextId: number;
      name: string;
      maxQuota: number;
      /** What the store says OX held, for the log line. */
      previous: { name: string; maxQuota: number };
    }
  | { type: 'context'; op: 'delete'; contextId: number };

export function contextAdminName(contextId: number, defaultContext: number): string {
  return contextId === defaultContext ? 'oxadmin' : `oxadmin-context${contextId}`;
}

export async function actOnContext(env: ProvisioningEnv, change: ChangeRecord, op: ContextOperation): Promise<void> {
  if (op.op === 'delete') return deleteContext(env, change, op.contextId);
  if (op.op === 'change') {
    try {
      await env.ox.call('OXContextService', 'change', {
        ctx: { id: op.contextId, name: op.name, maxQuota: op.maxQuota },
      });
      env.log.info(`Changed context ${op.contextId}`, changedContextFields(op));
    } catch (err) {
      if (!isNotFound(err)) throw err;
      env.log.warning(`Context ${op.contextId} vanished from OX; creating it again`);
      await createContext(env, op.contextId, op.name, op.maxQuota);
    }
    return;
  }
  // A context another object owns is not taken over (decision 0200); the claim keeps two new objects of one
  // contextid in this pass from both adopting it, until this one's commit.
  const claim = claimName(env, change, 'context', op.contextId, String(op.contextId));
  try {
    refuseAdoption(env, change, 'context', op.contextId, op.contextId, String(op.contextId));
    await createContext(env, op.contextId, op.name, op.maxQuota);
  } catch (err) {
    claim.release();
    throw err;
  }
}

async function deleteContext(env: ProvisioningEnv, change: ChangeRecord, id: number): Promise<void> {
  // A context that a store from before decision 0200 also gives to another object stays with that object.
  const sharer = otherOwner(env, change.objectId, 'context', id, id);
  if (sharer) {
    env.log.warning(
      `Not deleting context ${id} for ${describe(change)}: it belongs to ${ownerText(sharer)} as well; only this object's record of it is removed`,
    );
    return;
  }
  try {
    await env.ox.call('OXContextService', 'delete', { ctx: { id } });
    env.log.info(`Deleted context ${id}`, { dn: change.dn });
  } catch (err) {
    if (!isNotFound(err)) throw err;
    env.log.info(`${describe(change)} does not exist. Doing nothing...`);
  }
  if (env.credentials.removeContext(id)) env.log.info(`Removed context ${id} from ${env.credentials.path}`);
}

/** What a context change altered, for the log line (old → new). */
function changedContextFields(op: Extract<ContextOperation, { op: 'change' }>): Record<string, string> {
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
