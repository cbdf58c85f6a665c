// oxmail/oxcontext → OX contexts (docs/reference/original-connector.md), with the fewest calls:
// create = 1 call (an existing context is adopted and its quota set), name or quota change = 1 call,
// anything else = 0, delete = 1 call (a context already gone counts as deleted).
import { UDM_TYPES } from '../model/change.js';
import { integerValue, singleString } from '../model/values.js';
import type { StoreChange } from '../state/store.js';
import { isAlreadyExists, isNotFound } from './ox-port.js';
import { claimName, otherOwner, ownerText, refuseAdoption } from './ownership.js';
import { randomPassword } from './passwords.js';
import { describe, PermanentError, type ObjectHandler, type ProvisionInput, type ProvisioningEnv } from './types.js';

interface ContextOxState {
  contextId: number;
  maxQuota: number;
  name: string;
}

export function contextAdminName(contextId: number, defaultContext: number): string {
  return contextId === defaultContext ? 'oxadmin' : `oxadmin-context${contextId}`;
}

function contextIdOf(input: ProvisionInput): number | undefined {
  const attrs = input.change.attributes ?? input.stored?.attrs;
  const fromState = (input.stored?.oxState as ContextOxState | null | undefined)?.contextId;
  return integerValue(attrs?.contextid) ?? fromState;
}

function requireMaster(env: ProvisioningEnv, input: ProvisionInput): void {
  if (!env.credentials.master()) {
    throw new PermanentError(
      `Cannot provision ${describe(input.change)}: no OX master credentials. Set OX_MASTER_PASSWORD or add a "master" entry to ${env.credentials.path}.`,
    );
  }
}

export const contextHandler: ObjectHandler = {
  udmType: UDM_TYPES.context,
  phase: (input) => (input.change.attributes === null ? 'context-deletions' : 'contexts'),
  provides: ['contexts'],
  contextProvided: (input) => contextIdOf(input),

  async provision(input, env): Promise<StoreChange> {
    const { change, stored } = input;
    const log = env.log;
    requireMaster(env, input);

    if (change.attributes === null) {
      const id = contextIdOf(input);
      // A context that a store from before decision 0200 also gives to another object stays with that object.
      const sharer = id === undefined ? undefined : otherOwner(env, change.objectId, 'context', id, id);
      if (sharer) {
        log.warning(
          `Not deleting context ${id} for ${describe(change)}: it belongs to ${ownerText(sharer)} as well; only this object's record of it is removed`,
        );
      } else if (id !== undefined) {
        try {
          await env.ox.call('OXContextService', 'delete', { ctx: { id } });
          log.info(`Deleted context ${id}`, { dn: change.dn });
        } catch (err) {
          if (!isNotFound(err)) throw err;
          log.info(`${describe(change)} does not exist. Doing nothing...`);
        }
        if (env.credentials.removeContext(id)) log.info(`Removed context ${id} from ${env.credentials.path}`);
      }
      return { objectId: change.objectId, object: null };
    }

    const attrs = change.attributes;
    const id = integerValue(attrs.contextid);
    if (id === undefined || id <= 0) {
      throw new PermanentError(
        `Cannot provision ${describe(change)}: contextid ${JSON.stringify(attrs.contextid)} is not a positive integer; correct the context object.`,
      );
    }
    const quota = integerValue(attrs.oxQuota);
    // As the original: no quota (or 0) means unlimited (-1).
    const maxQuota = quota ? quota : -1;
    const name = singleString(attrs.name) || `context${id}`;
    const previous = stored?.oxState as ContextOxState | null | undefined;

    if (previous && previous.contextId === id) {
      // OX's change sets exactly what is sent (docs/reference/ox-contexts.md): name and quota travel together,
      // so either one differing is one call, as the original's change renamed the OX context to the UDM name.
      if (previous.maxQuota !== maxQuota || previous.name !== name) {
        try {
          await env.ox.call('OXContextService', 'change', { ctx: { id, name, maxQuota } });
          log.info(`Changed context ${id}`, changedContextFields(previous, name, maxQuota));
        } catch (err) {
          if (!isNotFound(err)) throw err;
          log.warning(`Context ${id} vanished from OX; creating it again`);
          await createContext(env, id, name, maxQuota);
        }
      }
    } else {
      // A context another object owns is not taken over (decision 0200); the claim keeps two new objects of one
      // contextid in this pass from both adopting it, until this one's commit.
      const claim = claimName(env, change, 'context', id, String(id));
      try {
        refuseAdoption(env, change, 'context', id, id, String(id));
        await createContext(env, id, name, maxQuota);
      } catch (err) {
        claim.release();
        throw err;
      }
    }

    const oxState: ContextOxState = { contextId: id, maxQuota, name };
    return {
      objectId: change.objectId,
      object: { objectId: change.objectId, udmType: change.udmType, dn: change.dn, attrs, oxState: { ...oxState } },
      oxIds: [{ contextId: id, kind: 'context', oxId: id, oxName: name }],
    };
  },
};

/** What a context change altered, for the log line (old → new). */
function changedContextFields(previous: ContextOxState, name: string, maxQuota: number): Record<string, string> {
  const changed: Record<string, string> = {};
  if (previous.name !== name) changed.name = `${previous.name} -> ${name}`;
  if (previous.maxQuota !== maxQuota) changed.maxQuota = `${previous.maxQuota} -> ${maxQuota}`;
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
