// oxresources/oxresources → OX resources (docs/reference/original-connector.md, without weaknesses 4/5/25). The OX id
// is cached per context: create = 1 call, a change = 1 call with only the differing fields, a move = create in
// the new context + delete in the old one, nothing OX cares about = 0 calls. An empty description clears it.
import { UDM_TYPES, type ChangeRecord } from '../model/change.js';
import { integerValue, singleString } from '../model/values.js';
import type { StoreChange } from '../state/store.js';
import { oxContextId } from './context-attribute.js';
import { isAlreadyExists, isNotFound, ONLY_ID } from './ox-port.js';
import { otherOwner, ownerText, refuseAdoption, withNameClaim } from './ownership.js';
import { requireCredentials } from './context-credentials.js';
import { describe, PermanentError, type ObjectHandler, type ProvisioningEnv } from './types.js';

export interface ResourceFields {
  name: string;
  displayname: string;
  email: string;
  description: string;
}

interface ResourceOxState {
  contextId: number;
  oxId: number;
  fields: ResourceFields;
}

/** The OX resource a directory resource should be (pure; reconciliation compares OX with it too). */
export function desiredFields(attrs: Record<string, unknown>, what: string): ResourceFields {
  const name = singleString(attrs.name);
  if (!name) throw new PermanentError(`Cannot provision ${what}: it has no name; give the resource a name.`);
  const email = singleString(attrs.resourceMailAddress);
  if (!email) {
    throw new PermanentError(`Cannot provision ${what}: OX needs a mail address; set resourceMailAddress.`);
  }
  return {
    name,
    displayname: singleString(attrs.displayname) || name,
    email,
    // "" is sent on purpose: it clears the description in OX (scenario 49).
    description: singleString(attrs.description) ?? '',
  };
}

async function createResource(
  env: ProvisioningEnv,
  change: ChangeRecord,
  contextId: number,
  fields: ResourceFields,
): Promise<ResourceOxState> {
  const what = describe(change);
  requireCredentials(env, contextId, what);
  return withNameClaim(env, change, 'resource', contextId, fields.name, () =>
    createOrAdopt(env, change, contextId, fields),
  );
}

async function createOrAdopt(
  env: ProvisioningEnv,
  change: ChangeRecord,
  contextId: number,
  fields: ResourceFields,
): Promise<ResourceOxState> {
  const what = describe(change);
  const ctx = { id: contextId };
  try {
    const created = await env.ox.call(
      'OXResourceService',
      'create',
      {
        ctx,
        res: { ...fields, available: true },
      },
      ONLY_ID,
    );
    if (typeof created?.id !== 'number') throw new Error(`OX created ${what} but returned no id`);
    env.log.info(`Created resource ${fields.name} in context ${contextId}`, { oxId: created.id });
    return { contextId, oxId: created.id, fields };
  } catch (err) {
    if (!isAlreadyExists(err)) throw err;
  }
  // Ours from an interrupted run, or made by hand: adopt it and make it match.
  const existing = await env.ox.call('OXResourceService', 'getData', { ctx, res: { name: fields.name } });
  if (typeof existing?.id !== 'number') throw new Error(`OX has ${what} in context ${contextId} but returned no id`);
  refuseAdoption(env, change, 'resource', contextId, existing.id, fields.name);
  env.log.info(`${what} exists in context ${contextId}. Modifying instead...`);
  // Like the original's modify, which sends every field including available=true.
  await env.ox.call('OXResourceService', 'change', { ctx, res: { id: existing.id, ...fields, available: true } });
  return { contextId, oxId: existing.id, fields };
}

async function deleteResource(env: ProvisioningEnv, change: ChangeRecord, prev: ResourceOxState): Promise<void> {
  const what = describe(change);
  // A resource that a store from before decision 0200 also gives to another object stays with that object.
  const sharer = otherOwner(env, change.objectId, 'resource', prev.contextId, prev.oxId);
  if (sharer) {
    env.log.warning(
      `Not deleting OX resource ${prev.fields.name} (${prev.oxId}) in context ${prev.contextId} for ${what}: it belongs to ${ownerText(sharer)} as well`,
    );
    return;
  }
  try {
    await env.ox.call('OXResourceService', 'delete', { ctx: { id: prev.contextId }, res: { id: prev.oxId } });
    env.log.info(`Deleted resource ${prev.fields.name} (${prev.oxId}) in context ${prev.contextId}`);
  } catch (err) {
    if (!isNotFound(err)) throw err;
    env.log.info(`${what} does not exist in context ${prev.contextId}. Doing nothing...`);
  }
}

export const resourceHandler: ObjectHandler = {
  udmType: UDM_TYPES.resource,
  phase: () => 'resources',
  needs: ['contexts'],
  contextsNeeded(input) {
    const ctx = integerValue(input.change.attributes?.oxContext);
    return ctx === undefined ? [] : [ctx];
  },

  async provision(input, env): Promise<StoreChange> {
    const { change } = input;
    const what = describe(change);
    const prev = input.stored?.oxState as ResourceOxState | null | undefined;
    const attrs = change.attributes;

    if (attrs === null) {
      if (prev) await deleteResource(env, change, prev);
      return { objectId: change.objectId, object: null };
    }

    // UDM fills oxContext with DEFAULT_CONTEXT (scenario 42). A record without one is skipped like the original's
    // Skip("Object has no oxContext attribute!"): OX and the stored state stay as they are (decision 0150).
    const contextId = oxContextId(attrs, what);
    if (contextId === undefined) {
      env.log.warning(`${what} has no oxContext attribute. No modification. Consider adding an oxContext to it.`);
      return { objectId: change.objectId, object: input.stored ?? null };
    }
    const fields = desiredFields(attrs, what);
    let next: ResourceOxState;
    if (prev && prev.contextId === contextId) {
      const diff: Partial<ResourceFields> = {};
      for (const key of Object.keys(fields) as (keyof ResourceFields)[]) {
        if (fields[key] !== prev.fields[key]) diff[key] = fields[key];
      }
      next = { ...prev, fields };
      if (Object.keys(diff).length > 0) {
        requireCredentials(env, contextId, what);
        try {
          await env.ox.call('OXResourceService', 'change', { ctx: { id: contextId }, res: { id: prev.oxId, ...diff } });
          env.log.info(`Changed resource ${fields.name} in context ${contextId}`, {
            fields: Object.keys(diff).join(','),
          });
        } catch (err) {
          if (!isNotFound(err)) throw err;
          env.log.warning(`Cannot modify ${what}: not found in OX. Creating instead.`);
          next = await createResource(env, change, contextId, fields);
        }
      }
    } else {
      next = await createResource(env, change, contextId, fields);
      if (prev) await deleteResource(env, change, prev);
    }
    return {
      objectId: change.objectId,
      object: { objectId: change.objectId, udmType: change.udmType, dn: change.dn, attrs, oxState: { ...next } },
      oxIds: [{ contextId: next.contextId, kind: 'resource', oxId: next.oxId, oxName: next.fields.name }],
    };
  },
};
