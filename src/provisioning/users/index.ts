// users/user → OX users (docs/reference/original-connector.md, "Users", without its weaknesses).
// Fewest calls: create = 1 (createByModuleAccess carries the rights), change = only the differing fields
// (+1 when module access changed), nothing OX cares about = 0.
import { moduleAccessFor } from '../../config/access-profiles.js';
import { UDM_TYPES, type ChangeRecord } from '../../model/change.js';
import { integerValue, isOkOrTrue, singleString, stringList, type UdmAttributes } from '../../model/values.js';
import type { Group, User, UserModuleAccess as ModuleAccess } from '../../ox/types.js';
import type { StoreChange } from '../../state/store.js';
import { oxContextId } from '../context-attribute.js';
import { isAlreadyExists, isNotFound, isTransient, ONLY_ID } from '../ox-port.js';
import { claimName, otherOwner, ownerText, refuseAdoption, withNameClaim } from '../ownership.js';
import { randomPassword } from '../passwords.js';
import { requireCredentials } from '../context-credentials.js';
import { describe, PermanentError, type ObjectHandler, type ProvisionInput, type ProvisioningEnv } from '../types.js';
import { diffUserFields, droppedFieldsOxKeeps } from './field-differences.js';
import { desiredUser, type UserFields } from './fields.js';
import { isRenameDisabled, renameRefused } from './rename-refused.js';

/** What OX holds for a provisioned user, as far as the connector knows. */
export interface UserOxState {
  contextId: number;
  oxId: number;
  oxName: string;
  /** Fields last confirmed by OX (SOAP element names), the base for change diffs. */
  fields: UserFields;
  /** Module access last set; null = never set by us (unknown profile). */
  access: ModuleAccess | null;
}

type ForgetRows = NonNullable<StoreChange['forgetOxIds']>;

function asArray<T>(value: unknown): T[] {
  if (value === null || value === undefined) return [];
  return (Array.isArray(value) ? value : [value]) as T[];
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function eqi(a: unknown, b: unknown): boolean {
  return typeof a === 'string' && typeof b === 'string' && a.toLowerCase() === b.toLowerCase();
}

function previousState(input: ProvisionInput): UserOxState | undefined {
  const s = input.stored?.oxState as UserOxState | null | undefined;
  return s && typeof s.oxId === 'number' ? s : undefined;
}

/** Module access for the user's oxAccess profile; null when the profile is unknown (rights left untouched). */
function moduleAccess(attrs: UdmAttributes, env: ProvisioningEnv, what: string): ModuleAccess | null {
  const profile = singleString(attrs.oxAccess);
  if (!profile) return moduleAccessFor(new Set());
  const rights = env.accessProfiles.get(profile);
  if (!rights) {
    env.log.warning(`Cannot find access profile '${profile}'. Leaving access rights untouched!`, { object: what });
    return null;
  }
  return moduleAccessFor(rights);
}

export const userHandler: ObjectHandler = {
  udmType: UDM_TYPES.user,
  phase: () => 'users',
  provides: ['users'],
  needs: ['contexts'],
  contextsNeeded(input) {
    const attrs = input.change.attributes;
    if (!attrs || !isOkOrTrue(attrs.isOxUser)) return [];
    const ctx = integerValue(attrs.oxContext);
    return ctx === undefined ? [] : [ctx];
  },

  async provision(input, env): Promise<StoreChange> {
    const { change } = input;
    const what = describe(change);
    const attrs = change.attributes;
    const prev = previousState(input);
    const keep = (oxState: UserOxState | null, extra: Partial<StoreChange> = {}): StoreChange => ({
      objectId: change.objectId,
      object:
        attrs === null
          ? null
          : {
              objectId: change.objectId,
              udmType: change.udmType,
              dn: change.dn,
              attrs,
              oxState: oxState ? { ...oxState } : null,
            },
      oxIds: oxState
        ? [{ contextId: oxState.contextId, kind: 'user', oxId: oxState.oxId, oxName: oxState.oxName }]
        : [],
      ...extra,
    });

    if (attrs === null || !isOkOrTrue(attrs.isOxUser)) {
      if (!prev) {
        if (attrs !== null) env.log.info(`${what} is no OX user. Nothing to do in OX.`);
        return keep(null);
      }
      env.log.info(
        attrs === null ? `${what} was deleted. Deleting it in OX...` : `${what} is no OX user. Deleting instead...`,
      );
      const forgetOxIds = await deleteOxUser(env, change, prev);
      return keep(null, { forgetOxIds });
    }

    let contextId = oxContextId(attrs, what);
    if (contextId === undefined) {
      if (!prev) {
        env.log.warning(`${what} has no oxContext attribute. No modification. Consider adding an oxContext to it.`);
        return keep(null);
      }
      env.log.warning(`${what} has no oxContext. that should not be the case. Using old oxContext...`);
      contextId = prev.contextId;
    }

    const desired = desiredUser(attrs, change.objectId, env.attributeMapping.current(), env.settings, what);
    for (const w of desired.warnings) env.log.warning(w, { object: what });

    const creds = requireCredentials(env, contextId, what);
    if (desired.name === creds.adminuser) {
      // The context admin is never touched (docs/reference/original-connector.md: checked before anything else).
      env.log.warning(`Skipping: Not touching ${desired.name} in context ${contextId}: Is context admin!`);
      return keep(prev ?? null);
    }
    const access = moduleAccess(attrs, env, what);

    let next: UserOxState;
    let forgetOxIds: ForgetRows = [];
    if (prev && prev.contextId === contextId) {
      next = await modifyUser(env, change, prev, desired.fields, access);
    } else if (prev) {
      ({ next, forgetOxIds } = await moveUser(env, change, prev, contextId, desired.fields, access));
      requeueGroups(env, attrs, what);
    } else {
      next = await createUser(env, change, contextId, desired.name, desired.fields, access);
      requeueGroups(env, attrs, what);
    }
    return keep(next, { forgetOxIds });
  },
};

async function createUser(
  env: ProvisioningEnv,
  change: ChangeRecord,
  contextId: number,
  name: string,
  fields: UserFields,
  access: ModuleAccess | null,
): Promise<UserOxState> {
  return withNameClaim(env, change, 'user', contextId, name, () =>
    createOrAdopt(env, change, contextId, name, fields, access),
  );
}

async function createOrAdopt(
  env: ProvisioningEnv,
  change: ChangeRecord,
  contextId: number,
  name: string,
  fields: UserFields,
  access: ModuleAccess | null,
): Promise<UserOxState> {
  const what = describe(change);
  const ctx = { id: contextId };
  // OX refuses a user without display name; at creation the original falls back to the login name (only there:
  // a later change sends "" again, so `fields` keeps what OX holds and the next change brings the "").
  const initial = fields.display_name ? fields : { ...fields, display_name: name };
  const usrdata: UserFields = {
    ...initial,
    // OX needs a password; users log in through the directory, so a random one that nobody knows is safest
    // (the original sent "dummy" on every change: docs/reference/original-connector.md, weakness 15).
    password: randomPassword(32),
    language: env.settings.language,
    timezone: env.settings.timezone,
    defaultSenderAddress: fields.primaryEmail,
  };
  for (let attempt = 1; ; attempt++) {
    try {
      const created = access
        ? await env.ox.call('OXUserService', 'createByModuleAccess', { ctx, usrdata, access }, ONLY_ID)
        : await env.ox.call('OXUserService', 'create', { ctx, usrdata }, ONLY_ID);
      if (typeof created?.id !== 'number') throw new Error(`OX created ${what} but returned no id`);
      env.log.info(`Created user ${name} in context ${contextId}`, { oxId: created.id });
      return { contextId, oxId: created.id, oxName: name, fields: initial, access };
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
    }
    // A user of that name exists already: ours from an interrupted run, or a legacy one. Adopt it and make it
    // match, unless another directory object owns it (then this one is parked: decision 0200).
    let current: User | null;
    try {
      current = await env.ox.call('OXUserService', 'getData', { ctx, user: { name } });
    } catch (err) {
      // Gone between the two calls: its owner was renamed or deleted meanwhile, so the name is free. Once.
      if (isNotFound(err) && attempt === 1) continue;
      throw err;
    }
    if (typeof current?.id !== 'number') throw new Error(`OX has ${what} in context ${contextId} but returned no id`);
    const oxId = current.id;
    refuseAdoption(env, change, 'user', contextId, oxId, name);
    env.log.info(`${what} exists in context ${contextId}. Modifying instead...`);
    const adopted: UserOxState = { contextId, oxId, oxName: name, fields: {}, access: null };
    return modifyUser(env, change, adopted, fields, access, current);
  }
}

async function modifyUser(
  env: ProvisioningEnv,
  change: ChangeRecord,
  prev: UserOxState,
  fields: UserFields,
  access: ModuleAccess | null,
  current?: User,
): Promise<UserOxState> {
  const what = describe(change);
  const ctx = { id: prev.contextId };
  const diff = diffUserFields(prev.fields, fields);
  for (const field of droppedFieldsOxKeeps(prev.fields, fields)) {
    env.log.warning(
      `${what}: ${field} was removed in the directory, but OX cannot unset it over SOAP and keeps ${JSON.stringify(prev.fields[field])}; remove it in OX App Suite if it must go.`,
    );
  }
  if ('aliases' in diff) await chooseDefaultSender(env, prev, diff, current);
  if (Object.keys(diff).length > 0) {
    try {
      await env.ox.call('OXUserService', 'change', { ctx, usrdata: { id: prev.oxId, ...diff } });
      env.log.info(`Changed user ${String(fields.name)} in context ${prev.contextId}`, {
        fields: Object.keys(diff).join(','),
      });
    } catch (err) {
      if (diff.name !== undefined && isRenameDisabled(err)) throw renameRefused(change, prev, String(diff.name));
      if (!isNotFound(err)) throw err;
      env.log.warning(`Cannot modify ${what}. User not found in db. Creating instead.`);
      return createUser(env, change, prev.contextId, String(fields.name), fields, access);
    }
  }
  if (access && !sameJson(access, prev.access)) {
    await env.ox.call('OXUserService', 'changeByModuleAccess', { ctx, user: { id: prev.oxId }, moduleAccess: access });
    env.log.info(`Changed module access of user ${prev.oxId} in context ${prev.contextId}`);
  }
  return {
    contextId: prev.contextId,
    oxId: prev.oxId,
    oxName: String(fields.name),
    fields,
    access: access ?? prev.access,
  };
}

/**
 * The default sender address is the user's own choice in OX; keep it unless the primary address changed and
 * it was the old primary, and always keep it among the aliases (docs/reference/original-connector.md). OX is asked
 * only when the primary address changed or aliases were removed, because otherwise the stored one stays valid.
 */
async function chooseDefaultSender(
  env: ProvisioningEnv,
  prev: UserOxState,
  diff: UserFields,
  current?: User,
): Promise<void> {
  const newPrimary = diff.primaryEmail;
  const newAliases = diff.aliases ?? [];
  const oldPrimary = prev.fields.primaryEmail;
  const oldAliases = asArray<string>(prev.fields.aliases);
  const primaryChanged = !eqi(oldPrimary, newPrimary);
  const aliasesShrunk = oldAliases.some((a) => !newAliases.some((b) => eqi(a, b)));
  if (!current && !primaryChanged && !aliasesShrunk && prev.fields.primaryEmail !== undefined) return;
  const user =
    current ??
    (await env.ox.call('OXUserService', 'getData', {
      ctx: { id: prev.contextId },
      user: { id: prev.oxId },
    }));
  let sender = user?.defaultSenderAddress;
  const currentPrimary = user?.primaryEmail ?? oldPrimary;
  if (primaryChanged && (!sender || eqi(sender, currentPrimary))) sender = newPrimary;
  if (!sender || !newAliases.some((a) => eqi(a, sender))) sender = newPrimary;
  diff.defaultSenderAddress = sender;
}

async function moveUser(
  env: ProvisioningEnv,
  change: ChangeRecord,
  prev: UserOxState,
  contextId: number,
  fields: UserFields,
  access: ModuleAccess | null,
): Promise<{ next: UserOxState; forgetOxIds: ForgetRows }> {
  // The copy lands under the old login and is then renamed: both names are this object's in the new context
  // until the commit (decision 0200).
  const claims = [claimName(env, change, 'user', contextId, prev.oxName)];
  try {
    claims.push(claimName(env, change, 'user', contextId, String(fields.name)));
    return await copyUser(env, change, prev, contextId, fields, access);
  } catch (err) {
    for (const claim of claims) claim.release();
    throw err;
  }
}

async function copyUser(
  env: ProvisioningEnv,
  change: ChangeRecord,
  prev: UserOxState,
  contextId: number,
  fields: UserFields,
  access: ModuleAccess | null,
): Promise<{ next: UserOxState; forgetOxIds: ForgetRows }> {
  const what = describe(change);
  let next: UserOxState;
  try {
    env.log.info(`Creating ${what} in context ${contextId} using UserCopy`, { from: prev.contextId });
    const copied = await env.ox.call('OXUserCopyService', 'copyUser', {
      user: { id: prev.oxId },
      src: { id: prev.contextId },
      dest: { id: contextId },
    });
    if (typeof copied?.id !== 'number') throw new Error(`OX copied ${what} but returned no id`);
    // The copy carries the old data and old name: send what changed since, and set module access explicitly.
    const copiedState: UserOxState = { ...prev, contextId, oxId: copied.id, access: null };
    next = await modifyUser(env, change, copiedState, fields, access);
  } catch (err) {
    if (!isAlreadyExists(err)) throw err;
    // A user of that name already lives in the new context (legacy duplicate, or our copy from an interrupted
    // run): adopt it and make it match (not the original's bug of changing it with the old context's id).
    env.log.warning(
      `${what} already exists in context ${contextId}. Will delete in ${prev.contextId} and modify in ${contextId}`,
    );
    next = await createUser(env, change, contextId, String(fields.name), fields, access);
  }
  const forgetOxIds = await deleteOxUser(env, change, prev);
  return { next, forgetOxIds };
}

/** Deletes the OX user and then the groups it leaves empty in that context (docs/reference/original-connector.md). */
async function deleteOxUser(env: ProvisioningEnv, change: ChangeRecord, prev: UserOxState): Promise<ForgetRows> {
  const what = describe(change);
  const ctx = { id: prev.contextId };
  // Only the OX user this object owns goes: one that a store from before decision 0200 also gives to another
  // object (two directory objects with one login) stays with that object.
  const sharer = otherOwner(env, change.objectId, 'user', prev.contextId, prev.oxId);
  if (sharer) {
    env.log.warning(
      `Not deleting OX user ${prev.oxName} (${prev.oxId}) in context ${prev.contextId} for ${what}: it belongs to ${ownerText(sharer)} as well; only this object's record of it is removed`,
    );
    return [];
  }
  let groups: Group[] = [];
  try {
    groups = await env.ox.call('OXGroupService', 'listGroupsForUser', { ctx, usr: { id: prev.oxId } });
  } catch (err) {
    if (isTransient(err)) throw err;
    // Tolerated as in later versions: the user may be gone already; empty groups are then not our doing.
  }
  try {
    await env.ox.call('OXUserService', 'delete', { ctx, user: { id: prev.oxId } });
    env.log.info(`Deleted user ${prev.oxName} (${prev.oxId}) in context ${prev.contextId}`);
  } catch (err) {
    if (!isNotFound(err)) throw err;
    env.log.info(`${what} does not exist in context ${prev.contextId}. Doing nothing...`);
  }
  const forget: ForgetRows = [];
  for (const group of groups) {
    // Group 1 is the context's "all users" group; OX refuses to delete it.
    if (typeof group.id !== 'number' || group.id === 1) continue;
    const members = (group.members ?? []).filter((m) => m !== prev.oxId);
    env.log.debug(`Found group ${group.name ?? group.id} with ${members.length} members`);
    if (members.length > 0) continue;
    env.log.info(`Thus, deleting group ${group.id} in ${prev.contextId}...`);
    try {
      await env.ox.call('OXGroupService', 'delete', { ctx, grp: { id: group.id } });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    forget.push({ contextId: prev.contextId, kind: 'group', oxId: group.id });
  }
  return forget;
}

/**
 * A user that got an OX id in a context makes its OX groups worth recomputing
 * (docs/reference/original-connector.md).
 */
function requeueGroups(env: ProvisioningEnv, attrs: UdmAttributes, what: string): void {
  const groupDns = stringList(attrs.groups);
  if (groupDns.length === 0) return;
  for (const group of env.store.attributeByDns(groupDns, 'isOxGroup').values()) {
    if (group.udmType === UDM_TYPES.group && isOkOrTrue(group.value))
      env.requeue(group.objectId, `member ${what} was created`);
  }
}

export { PermanentError };
