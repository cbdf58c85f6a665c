// Pure planning for users/user (docs/reference/original-connector.md, "Users", without its weaknesses): from the
// directory object, what was last provisioned and (when asked for) OX's record of the user, the fewest operations.
// create = 1 call (createByModuleAccess carries the rights), change = only the differing fields (+1 when module
// access changed), a context move = copyUser + change + delete, nothing OX cares about = no operation.
// No I/O: the handler gathers the inputs and the executor carries the operations out (decision 0270).
import type { AttributeMapping } from '../../config/attribute-mapping.js';
import { moduleAccessFor } from '../../config/access-profiles.js';
import type { Settings } from '../../config/settings.js';
import type { ChangeRecord } from '../../model/change.js';
import { isOkOrTrue, singleString, type UdmAttributes } from '../../model/values.js';
import type { Group, User, UserModuleAccess as ModuleAccess } from '../../ox/types.js';
import { oxContextId } from '../context-attribute.js';
import type { LogLine } from '../executor/operations.js';
import type { UserChange, UserCreate, UserOperation } from '../executor/users.js';
import { describe } from '../types.js';
import { diffUserFields, droppedFieldsOxKeeps } from './field-differences.js';
import { desiredUser, type UserFields } from './fields.js';

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

/** The user the directory wants in OX. */
export interface WantedUser {
  name: string;
  fields: UserFields;
  /** Module access for its profile; null when the profile is unknown (rights left untouched). */
  access: ModuleAccess | null;
}

export interface UserPlanInput {
  change: ChangeRecord;
  /** Last provisioned state, if the store has one with an OX id. */
  prev: UserOxState | undefined;
  mapping: AttributeMapping;
  settings: Settings;
  /** The rights of an access profile; undefined when the profile file has no such profile. */
  accessProfile(name: string): Set<string> | undefined;
  /** The admin login of a context; throws (the object is parked) when the context has no credentials. */
  contextAdmin(contextId: number): string;
  /** OX's record of the user, once a plan asked for it (`read`); null when OX answered with none. */
  current?: User | null;
}

/** Either the operations (and the state they leave), or a read of OX's record the plan needs first. */
export type UserPlan =
  | { read: { contextId: number; oxId: number } }
  | {
      ops: UserOperation[];
      /** The state to store when every operation did what it says (the executor reports fallbacks). */
      state: UserOxState | null;
      /** The user got an OX id in a context: its OX groups are worth recomputing. */
      requeueGroups: boolean;
    };

/** Module access for the user's oxAccess profile; null when the profile is unknown (rights left untouched). */
function moduleAccess(attrs: UdmAttributes, input: UserPlanInput, notes: LogLine[], what: string) {
  const profile = singleString(attrs.oxAccess);
  if (!profile) return moduleAccessFor(new Set());
  const rights = input.accessProfile(profile);
  if (!rights) {
    notes.push({
      level: 'warning',
      message: `Cannot find access profile '${profile}'. Leaving access rights untouched!`,
      fields: { object: what },
    });
    return null;
  }
  return moduleAccessFor(rights);
}

/** Plans one change of a user; log lines go to `notes` (also when planning throws, for the parked object). */
export function planUser(input: UserPlanInput, notes: LogLine[]): UserPlan {
  const { change, prev } = input;
  const what = describe(change);
  const attrs = change.attributes;
  const info = (message: string) => notes.push({ level: 'info', message });
  const warning = (message: string) => notes.push({ level: 'warning', message });
  const done = (ops: UserOperation[], state: UserOxState | null, requeueGroups = false): UserPlan => ({
    ops,
    state,
    requeueGroups,
  });

  if (attrs === null || !isOkOrTrue(attrs.isOxUser)) {
    if (!prev) {
      if (attrs !== null) info(`${what} is no OX user. Nothing to do in OX.`);
      return done([], null);
    }
    info(attrs === null ? `${what} was deleted. Deleting it in OX...` : `${what} is no OX user. Deleting instead...`);
    return done([{ type: 'user', op: 'delete', user: prev }], null);
  }

  let contextId = oxContextId(attrs, what);
  if (contextId === undefined) {
    if (!prev) {
      warning(`${what} has no oxContext attribute. No modification. Consider adding an oxContext to it.`);
      return done([], null);
    }
    warning(`${what} has no oxContext. that should not be the case. Using old oxContext...`);
    contextId = prev.contextId;
  }

  const desired = desiredUser(attrs, change.objectId, input.mapping, input.settings, what);
  for (const w of desired.warnings) notes.push({ level: 'warning', message: w, fields: { object: what } });

  if (desired.name === input.contextAdmin(contextId)) {
    // The context admin is never touched (docs/reference/original-connector.md: checked before anything else).
    warning(`Skipping: Not touching ${desired.name} in context ${contextId}: Is context admin!`);
    return done([], prev ?? null);
  }
  const wanted: WantedUser = { ...desired, access: moduleAccess(attrs, input, notes, what) };

  if (prev && prev.contextId === contextId) {
    const update = planUserUpdate(prev, wanted, input.settings, input.current, what);
    if ('read' in update) return update;
    notes.push(...update.notes);
    return done(update.ops, update.state);
  }
  if (prev) {
    const name = String(wanted.fields.name);
    const ifExists = userCreate(contextId, name, wanted, input.settings);
    return done([{ type: 'user', op: 'move', from: prev, contextId, name, ifExists }], null, true);
  }
  return done([userCreate(contextId, desired.name, wanted, input.settings)], null, true);
}

/** The create of `name` in `contextId` (without its password: the executor makes one at the call). */
export function userCreate(contextId: number, name: string, wanted: WantedUser, settings: Settings): UserCreate {
  const { fields, access } = wanted;
  // OX refuses a user without display name; at creation the original falls back to the login name (only there:
  // a later change sends "" again, so the state keeps what OX holds and the next change brings the "").
  const initial = fields.display_name ? fields : { ...fields, display_name: name };
  const usrdata: UserFields = {
    ...initial,
    language: settings.language,
    timezone: settings.timezone,
    defaultSenderAddress: fields.primaryEmail,
  };
  return { type: 'user', op: 'create', contextId, name, usrdata, access, fields: initial };
}

export type UserUpdatePlan =
  { read: { contextId: number; oxId: number } } | { ops: UserChange[]; state: UserOxState; notes: LogLine[] };

/**
 * Brings the OX user `base` (stored, adopted by name, or just copied to a new context) in line with `wanted`:
 * one change with the differing fields and/or one module-access change, or nothing. `current` is OX's record
 * (adopted users come with it); undefined = not read yet, which the plan asks for when the default sender
 * address needs it.
 */
export function planUserUpdate(
  base: UserOxState,
  wanted: WantedUser,
  settings: Settings,
  current: User | null | undefined,
  what: string,
): UserUpdatePlan {
  const { fields, access } = wanted;
  const notes: LogLine[] = [];
  const diff = diffUserFields(base.fields, fields);
  for (const field of droppedFieldsOxKeeps(base.fields, fields)) {
    notes.push({
      level: 'warning',
      message: `${what}: ${field} was removed in the directory, but OX cannot unset it over SOAP and keeps ${JSON.stringify(base.fields[field])}; remove it in OX App Suite if it must go.`,
    });
  }
  if ('aliases' in diff) {
    const sender = defaultSender(base, diff, current);
    if (sender === 'read') return { read: { contextId: base.contextId, oxId: base.oxId } };
    if (sender !== 'keep') diff.defaultSenderAddress = sender;
  }
  const name = String(fields.name);
  const state: UserOxState = {
    contextId: base.contextId,
    oxId: base.oxId,
    oxName: name,
    fields,
    access: access ?? base.access,
  };
  const usrdata = Object.keys(diff).length > 0 ? diff : undefined;
  const moduleAccess = access && !sameJson(access, base.access) ? access : undefined;
  if (!usrdata && !moduleAccess) return { ops: [], state, notes };
  const op: UserChange = {
    type: 'user',
    op: 'change',
    contextId: base.contextId,
    oxId: base.oxId,
    name,
    from: { oxName: base.oxName, contextId: base.contextId },
    ...(usrdata ? { usrdata } : {}),
    ...(moduleAccess ? { moduleAccess } : {}),
    next: state,
    recreate: userCreate(base.contextId, name, wanted, settings),
  };
  return { ops: [op], state, notes };
}

function asArray<T>(value: T | T[] | null | undefined): T[] {
  if (value === null || value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function eqi(a: unknown, b: unknown): boolean {
  return typeof a === 'string' && typeof b === 'string' && a.toLowerCase() === b.toLowerCase();
}

/**
 * The default sender address is the user's own choice in OX; keep it unless the primary address changed and
 * it was the old primary, and always keep it among the aliases (docs/reference/original-connector.md). OX is asked
 * ('read') only when the primary address changed or aliases were removed, because otherwise the stored one stays
 * valid.
 */
function defaultSender(base: UserOxState, diff: UserFields, current: User | null | undefined) {
  const newPrimary = diff.primaryEmail;
  const newAliases = diff.aliases ?? [];
  const oldPrimary = base.fields.primaryEmail;
  const oldAliases = asArray(base.fields.aliases);
  const primaryChanged = !eqi(oldPrimary, newPrimary);
  const aliasesShrunk = oldAliases.some((a) => !newAliases.some((b) => eqi(a, b)));
  if (current === undefined) {
    return !primaryChanged && !aliasesShrunk && base.fields.primaryEmail !== undefined ? 'keep' : 'read';
  }
  let sender = current?.defaultSenderAddress;
  const currentPrimary = current?.primaryEmail ?? oldPrimary;
  if (primaryChanged && (!sender || eqi(sender, currentPrimary))) sender = newPrimary;
  if (!sender || !newAliases.some((a) => eqi(a, sender))) sender = newPrimary;
  return sender;
}

/**
 * The groups a deleted user was in, with the members each keeps without it: those left with none are deleted
 * too (docs/reference/original-connector.md). Group 1 is the context's "all users" group; OX refuses to delete it.
 */
export function membersLeft(
  groups: readonly Pick<Group, 'id' | 'name' | 'members'>[],
  oxId: number,
): { id: number; name: string | number; left: number }[] {
  const result: { id: number; name: string | number; left: number }[] = [];
  for (const group of groups) {
    if (typeof group.id !== 'number' || group.id === 1) continue;
    const left = (group.members ?? []).filter((m) => m !== oxId).length;
    result.push({ id: group.id, name: group.name ?? group.id, left });
  }
  return result;
}
