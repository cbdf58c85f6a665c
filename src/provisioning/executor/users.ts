// Carries out user operations (decision 0270). The adopt and recreate fallbacks are the shared ones
// (fallbacks.ts); what is particular to users: an adopted or copied user is planned again against OX's record,
// and a deleted user takes the groups it leaves empty with it.
import type { Group, User, UserModuleAccess as ModuleAccess } from '../../ox/types.js';
import { isAlreadyExists, isNotFound, isTransient, ONLY_ID } from '../ox-port.js';
import { claimName } from '../ownership.js';
import { randomPassword } from '../passwords.js';
import { describe } from '../types.js';
import type { UserFields } from '../users/fields.js';
import { membersLeft, type UserOxState } from '../users/plan.js';
import { isRenameDisabled, renameRefused } from '../users/rename-refused.js';
import { changeOrRecreate, createOrAdopt, deleteTolerant, goneMessage, keptForOtherOwner } from './fallbacks.js';
import type { ExecutionContext, ForgetRows } from './operations.js';

export interface UserCreate {
  type: 'user';
  op: 'create';
  contextId: number;
  name: string;
  /** What is sent, except the password (a random one that nobody knows is made at the call). */
  usrdata: UserFields;
  /** Rights to create the user with; null = none of ours (unknown profile): OX's defaults. */
  access: ModuleAccess | null;
  /** The fields OX holds after the create (the state's base for the next diff). */
  fields: UserFields;
}

export interface UserChange {
  type: 'user';
  op: 'change';
  contextId: number;
  oxId: number;
  /** The login after the change. */
  name: string;
  /** The login and context before (for the message when OX refuses a rename). */
  from: { oxName: string; contextId: number };
  /** The differing fields (without the id); absent when only the module access changes. */
  usrdata?: UserFields;
  /** The new module access, when it differs from what was set. */
  moduleAccess?: ModuleAccess;
  /** The state after the change. */
  next: UserOxState;
  /** When OX no longer has the user: create it again. */
  recreate: UserCreate;
}

export interface UserMove {
  type: 'user';
  op: 'move';
  /** The user in its old context. */
  from: UserOxState;
  contextId: number;
  /** The login in the new context. */
  name: string;
  /** When the new context has a user of that name already: create-or-adopt it instead of the copy. */
  ifExists: UserCreate;
}

export interface UserDelete {
  type: 'user';
  op: 'delete';
  user: { contextId: number; oxId: number; oxName: string };
}

export type UserOperation = UserCreate | UserChange | UserMove | UserDelete;

/** The user's state after a create, change or move; the id rows a delete or move made obsolete. */
export interface UserOutcome {
  type: 'user';
  state?: UserOxState;
  forgetOxIds?: ForgetRows;
}

/** Plans the user's change against `base` (with OX's record `current`, when known): see users/plan.ts. */
export type UserReplanner = (
  base: UserOxState,
  current?: User,
) => Promise<{ ops: readonly UserOperation[]; state: UserOxState }>;

export async function executeUserOperation(op: UserOperation, ctx: ExecutionContext): Promise<UserOutcome> {
  switch (op.op) {
    case 'create':
      return { type: 'user', state: await create(op, ctx) };
    case 'change':
      return { type: 'user', state: await change(op, ctx) };
    case 'move':
      return move(op, ctx);
    case 'delete':
      return { type: 'user', forgetOxIds: await remove(op.user, ctx) };
  }
}

/** Runs the operations of a new plan (after an adopt or a copy); the state is the last one reached. */
async function replanned(ctx: ExecutionContext, base: UserOxState, current?: User): Promise<UserOxState> {
  if (!ctx.replanUser) throw new Error(`No user planner given to the executor for ${describe(ctx.change)}`);
  const plan = await ctx.replanUser(base, current);
  let state = plan.state;
  for (const op of plan.ops) state = (await executeUserOperation(op, ctx)).state ?? state;
  return state;
}

function create(op: UserCreate, ctx: ExecutionContext): Promise<UserOxState> {
  const { env } = ctx;
  const what = describe(ctx.change);
  const { contextId, name, access } = op;
  const context = { id: contextId };
  return createOrAdopt(ctx, {
    kind: 'user',
    contextId,
    name,
    createAgainWhenGone: true,
    noId: `OX has ${what} in context ${contextId} but returned no id`,
    async create() {
      // OX needs a password; users log in through the directory, so a random one that nobody knows is safest
      // (the original sent "dummy" on every change: docs/reference/original-connector.md, weakness 15).
      const usrdata: UserFields = { ...op.usrdata, password: randomPassword(32) };
      const created = access
        ? await env.ox.call('OXUserService', 'createByModuleAccess', { ctx: context, usrdata, access }, ONLY_ID)
        : await env.ox.call('OXUserService', 'create', { ctx: context, usrdata }, ONLY_ID);
      if (typeof created?.id !== 'number') throw new Error(`OX created ${what} but returned no id`);
      env.log.info(`Created user ${name} in context ${contextId}`, { oxId: created.id });
      return { contextId, oxId: created.id, oxName: name, fields: op.fields, access };
    },
    lookUp: () => env.ox.call('OXUserService', 'getData', { ctx: context, user: { name } }),
    // A user of that name exists already: ours from an interrupted run, or a legacy one; planned again against it.
    adopt: (oxId, current) => replanned(ctx, { contextId, oxId, oxName: name, fields: {}, access: null }, current),
  });
}

async function change(op: UserChange, ctx: ExecutionContext): Promise<UserOxState> {
  const { env } = ctx;
  const context = { id: op.contextId };
  const { usrdata } = op;
  if (usrdata) {
    const recreated = await changeOrRecreate(
      env.log,
      async () => {
        try {
          await env.ox.call('OXUserService', 'change', { ctx: context, usrdata: { id: op.oxId, ...usrdata } });
        } catch (err) {
          if (usrdata.name !== undefined && isRenameDisabled(err)) throw renameRefused(ctx.change, op.from, op.name);
          throw err;
        }
        env.log.info(`Changed user ${op.name} in context ${op.contextId}`, { fields: Object.keys(usrdata).join(',') });
        return undefined;
      },
      `Cannot modify ${describe(ctx.change)}. User not found in db. Creating instead.`,
      () => create(op.recreate, ctx),
    );
    if (recreated) return recreated;
  }
  if (op.moduleAccess) {
    const moduleAccess = op.moduleAccess;
    await env.ox.call('OXUserService', 'changeByModuleAccess', { ctx: context, user: { id: op.oxId }, moduleAccess });
    env.log.info(`Changed module access of user ${op.oxId} in context ${op.contextId}`);
  }
  return op.next;
}

async function move(op: UserMove, ctx: ExecutionContext): Promise<UserOutcome> {
  const { env, change } = ctx;
  const what = describe(change);
  const { from, contextId } = op;
  // The copy lands under the old login and is then renamed: both names are this object's in the new context
  // until the commit (decision 0200).
  const claims = [claimName(env, change, 'user', contextId, from.oxName)];
  try {
    claims.push(claimName(env, change, 'user', contextId, op.name));
    let state: UserOxState;
    // A move with a rename: an interrupted attempt may have made and renamed the copy already. Copying again
    // would leave a second copy under the old login that cannot take the new one (decision 0331).
    const renamedCopy = from.oxName === op.name ? undefined : await userNamed(ctx, contextId, op.name);
    if (renamedCopy) {
      env.log.warning(`${what} already exists in context ${contextId} under its new login: adopting it`);
      return { type: 'user', state: await adoptCopy(op, ctx, renamedCopy), forgetOxIds: await remove(from, ctx) };
    }
    let copying = true;
    try {
      env.log.info(`Creating ${what} in context ${contextId} using UserCopy`, { from: from.contextId });
      const copied = await env.ox.call('OXUserCopyService', 'copyUser', {
        user: { id: from.oxId },
        src: { id: from.contextId },
        dest: { id: contextId },
      });
      copying = false;
      if (typeof copied?.id !== 'number') throw new Error(`OX copied ${what} but returned no id`);
      // The copy carries the old data and old name: send what changed since, and set module access explicitly.
      state = await replanned(ctx, { ...from, contextId, oxId: copied.id, access: null });
    } catch (err) {
      if (copying && isNotFound(err)) {
        // The original is gone: an interrupted attempt copied and deleted it, and stopped before the commit
        // (decision 0331). Its copy is in the new context, under the old login or the new one.
        env.log.warning(`${what} is no longer in context ${from.contextId}: finishing its move to ${contextId}`);
        return { type: 'user', state: await adoptCollidingCopy(op, ctx), forgetOxIds: await remove(from, ctx) };
      }
      if (!isAlreadyExists(err)) throw err;
      // A user of that name already lives in the new context (legacy duplicate, or our copy from an interrupted
      // run): adopt it and make it match (not the original's bug of changing it with the old context's id).
      env.log.warning(
        `${what} already exists in context ${contextId}. Will delete in ${from.contextId} and modify in ${contextId}`,
      );
      state = await adoptCollidingCopy(op, ctx);
    }
    return { type: 'user', state, forgetOxIds: await remove(from, ctx) };
  } catch (err) {
    for (const claim of claims) claim.release();
    throw err;
  }
}

/**
 * copyUser keeps the login, so the user it collided with in the new context is named `from.oxName`: the copy of an
 * interrupted attempt (OX made it, then the run stopped before the commit) or a namesake. When the directory has
 * renamed the user since, that copy is adopted and renamed like a fresh copy; creating the new login beside it
 * left it behind as a stray OX user (found by the soak, decision 0331).
 */
async function adoptCollidingCopy(op: UserMove, ctx: ExecutionContext): Promise<UserOxState> {
  if (op.from.oxName === op.name) return create(op.ifExists, ctx);
  const copy = await userNamed(ctx, op.contextId, op.from.oxName);
  return copy ? adoptCopy(op, ctx, copy) : create(op.ifExists, ctx);
}

/** Plans the move's user against a copy found in the new context, as against a fresh copy. */
function adoptCopy(op: UserMove, ctx: ExecutionContext, copy: User & { id: number }): Promise<UserOxState> {
  return replanned(ctx, { ...op.from, contextId: op.contextId, oxId: copy.id, access: null }, copy);
}

async function userNamed(
  ctx: ExecutionContext,
  contextId: number,
  name: string,
): Promise<(User & { id: number }) | undefined> {
  try {
    const user = await ctx.env.ox.call('OXUserService', 'getData', { ctx: { id: contextId }, user: { name } });
    return typeof user?.id === 'number' ? (user as User & { id: number }) : undefined;
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/** Deletes the OX user and then the groups it leaves empty in that context (docs/reference/original-connector.md). */
async function remove(user: UserDelete['user'], ctx: ExecutionContext): Promise<ForgetRows> {
  const { env } = ctx;
  const what = describe(ctx.change);
  const { contextId, oxId, oxName } = user;
  const context = { id: contextId };
  // Only the OX user this object owns goes: one that a store from before decision 0200 also gives to another
  // object (two directory objects with one login) stays with that object.
  const kept = keptForOtherOwner(
    ctx,
    'user',
    contextId,
    oxId,
    (owner) =>
      `Not deleting OX user ${oxName} (${oxId}) in context ${contextId} for ${what}: it belongs to ${owner} as well; only this object's record of it is removed`,
  );
  if (kept) return [];
  let groups: Group[] = [];
  try {
    groups = await env.ox.call('OXGroupService', 'listGroupsForUser', { ctx: context, usr: { id: oxId } });
  } catch (err) {
    if (isTransient(err)) throw err;
    // Tolerated as in later versions: the user may be gone already; empty groups are then not our doing.
  }
  await deleteTolerant(() => env.ox.call('OXUserService', 'delete', { ctx: context, user: { id: oxId } }), {
    log: env.log,
    deleted: `Deleted user ${oxName} (${oxId}) in context ${contextId}`,
    gone: goneMessage(ctx, contextId),
  });
  const forget: ForgetRows = [];
  for (const group of membersLeft(groups, oxId)) {
    env.log.debug(`Found group ${group.name} with ${group.left} members`);
    if (group.left > 0) continue;
    env.log.info(`Thus, deleting group ${group.id} in ${contextId}...`);
    await deleteTolerant(() => env.ox.call('OXGroupService', 'delete', { ctx: context, grp: { id: group.id } }));
    forget.push({ contextId, kind: 'group', oxId: group.id });
  }
  return forget;
}
