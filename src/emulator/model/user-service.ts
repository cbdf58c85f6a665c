// OXUserService (docs/reference/ox-soap-contract.md, "Users"): the operation table, with delete, lookups, lists
// and module access here; creating a user is user-create.ts, changing one user-change.ts.
import { authenticateContext, requireMaster, requireSelfOrAdmin } from './auth.js';
import { existingContext, type ModelEnv, type ServiceTable } from './env.js';
import { fault, invalidData } from './faults.js';
import {
  ACCESS_COMBINATIONS,
  MODULE_FLAGS,
  combinationNameOf,
  copyAccess,
  moduleAccessFromWire,
  type ModuleAccess,
} from './module-access.js';
import type { ContextStore, UserRecord } from './store.js';
import { changeUser } from './user-change.js';
import { sharedAccess } from './compact-user.js';
import { createUser } from './user-create.js';
import { resolveUserByIdOrName, resolveUserForRead, userIdOnlyToWire, userToWire } from './user-records.js';
import type { OxArgs, User } from '../../ox/types.js';
import { asObject, asObjectList, bool, int, lc, likeMatcher, nonEmpty, str, type Obj } from './values.js';

/** create echoes the request with the id set and the server-side additions; the password comes back as sent. */
function createResponse(user: UserRecord): User {
  // Set on the fresh object rather than spread into a new one: the wire user has ~100 keys (dictionary mode).
  const wire = userToWire(user);
  wire.password = user.password;
  return wire;
}

/** `create` copies the context admin's module access, without publicFolderEditable. */
function accessForPlainCreate(context: ContextStore): ModuleAccess {
  const admin = context.admin();
  const access = admin ? copyAccess(admin.access) : moduleAccessFromWire({});
  access.publicFolderEditable = false;
  return access;
}

function combination(name: string | undefined): ModuleAccess {
  const combo = name === undefined ? undefined : ACCESS_COMBINATIONS.get(name);
  if (!combo) throw invalidData(`No such access combination name "${name ?? ''}"`);
  return combo;
}

// ---- delete ----

function deleteUsers(context: ContextStore, userArgs: Obj[], reassign: number | undefined): void {
  if (userArgs.length === 0) throw invalidData('User array is empty');
  const unknownIds: number[] = [];
  const users: UserRecord[] = [];
  for (const arg of userArgs) {
    const id = int(arg, 'id');
    if (id !== undefined && id !== 0 && !context.users.has(id)) {
      unknownIds.push(id);
      continue;
    }
    users.push(resolveUserByIdOrName(context, arg));
  }
  if (unknownIds.length > 0)
    throw fault('NoSuchUserException', `No such user(s) ${unknownIds.join(',')} in context ${context.id}`);
  const seen = new Set<number>();
  for (const user of users) {
    if (seen.has(user.id)) throw invalidData(`User ${user.id} is contained multiple times in delete request.`);
    seen.add(user.id);
    if (user.contextAdmin) throw invalidData('Admin delete not supported');
  }
  if (reassign !== undefined && reassign > 0) {
    if (seen.has(reassign)) {
      throw invalidData(
        'It is not allowed to reassign the shared data to the user which should be deleted. Please choose a different reassign user.',
      );
    }
    if (!context.users.has(reassign)) {
      throw invalidData(
        `The reassign user with id ${reassign} does not exist in context ${context.id}. Please choose a different reassign user.`,
      );
    }
  }
  for (const user of users) context.removeUser(user);
}

// ---- lists ----

function page<T>(items: T[], args: { offset?: number | null; length?: number | null }): T[] {
  const offset = Math.max(0, int(args, 'offset') ?? 0);
  const length = int(args, 'length');
  return length !== undefined && length > 0 ? items.slice(offset, offset + length) : items.slice(offset);
}

function listUsers(
  context: ContextStore,
  args: OxArgs<'OXUserService', 'list' | 'listCaseInsensitive' | 'listAll'>,
  pattern: string | undefined,
  caseInsensitive: boolean,
): User[] {
  // No guest users are modelled: "only guests" is an empty list.
  if (bool(args, 'exclude_users') === true) return [];
  const matches = likeMatcher(pattern, caseInsensitive);
  const result: User[] = [];
  for (const user of context.users.values()) {
    if (matches(user.name) || matches(String(user.fields.display_name ?? ''))) result.push(userIdOnlyToWire(user));
  }
  return page(result, args);
}

// ---- handlers ----

const admin = (env: ModelEnv, args: { ctx?: unknown; auth?: unknown }): ContextStore =>
  authenticateContext(env.options, env.registry, args.ctx, args.auth).context;

const handlers: ServiceTable<'OXUserService'> = {
  create(env, args) {
    const context = admin(env, args);
    return createResponse(createUser(env, context, asObject(args.usrdata) ?? {}, accessForPlainCreate(context)));
  },
  createByModuleAccess(env, args) {
    const context = admin(env, args);
    return createResponse(createUser(env, context, asObject(args.usrdata) ?? {}, moduleAccessFromWire(args.access)));
  },
  createByModuleAccessName(env, args) {
    const context = admin(env, args);
    const access = combination(str(args, 'access_combination_name'));
    return createResponse(createUser(env, context, asObject(args.usrdata) ?? {}, access));
  },

  change(env, args) {
    // OX resolves the context and the user's name before it authenticates (docs/reference/ox-soap-contract.md).
    const context = existingContext(env, args.ctx, (id) => `The context ${id} does not exist!`);
    const usrdata = asObject(args.usrdata) ?? {};
    const byName = int(usrdata, 'id') === undefined || int(usrdata, 'id') === 0;
    const preResolved = byName ? resolveUserByIdOrName(context, usrdata) : undefined;
    const { caller } = authenticateContext(env.options, env.registry, args.ctx, args.auth, true);
    const user = preResolved ?? resolveUserByIdOrName(context, usrdata);
    requireSelfOrAdmin(caller, user);
    // Addressed by name, `name` cannot also be the new name.
    changeUser(env, context, user, byName ? { ...usrdata, name: undefined } : usrdata);
    return undefined;
  },

  delete(env, args) {
    const context = admin(env, args);
    deleteUsers(context, [asObject(args.user) ?? {}], int(args, 'reassign'));
    return undefined;
  },
  deleteMultiple(env, args) {
    const context = admin(env, args);
    deleteUsers(context, asObjectList(args.users), int(args, 'reassign'));
    return undefined;
  },

  exists(env, args) {
    const context = admin(env, args);
    const user = asObject(args.user);
    const id = int(user, 'id');
    if (id !== undefined && id !== 0) return context.users.has(id);
    const name = nonEmpty(user, 'name');
    if (name !== undefined) return context.userByName(name) !== undefined;
    const displayName = nonEmpty(user, 'display_name');
    if (displayName !== undefined) return context.displayNameInUse(displayName);
    throw invalidData('Neither identifier, name nor display name set in given user object');
  },

  getData(env, args) {
    const context = existingContext(env, args.ctx, (id) => `Context ${id} does not exist`);
    const { caller } = authenticateContext(env.options, env.registry, args.ctx, args.auth, true);
    const user = resolveUserForRead(context, args.user);
    requireSelfOrAdmin(caller, user);
    return userToWire(user);
  },
  getMultipleData(env, args) {
    const context = admin(env, args);
    return asObjectList(args.users).map((u) => userToWire(resolveUserForRead(context, u)));
  },
  getContextAdmin(env, args) {
    const context = admin(env, args);
    const adminUser = context.admin();
    return adminUser ? userToWire(adminUser) : undefined;
  },

  list(env, args) {
    return listUsers(admin(env, args), args, str(args, 'search_pattern'), false);
  },
  listCaseInsensitive(env, args) {
    return listUsers(admin(env, args), args, str(args, 'search_pattern'), true);
  },
  listAll(env, args) {
    return listUsers(admin(env, args), args, '*', false);
  },
  listByAliasDomain(env, args) {
    const context = admin(env, args);
    const domain = lc(str(args, 'alias_domain') ?? '');
    const result: User[] = [];
    for (const user of context.users.values()) {
      if (user.aliases.some((a) => lc(a).endsWith(`@${domain}`))) result.push(userIdOnlyToWire(user));
    }
    return page(result, args);
  },

  getModuleAccess(env, args) {
    const context = admin(env, args);
    return { ...resolveUserByIdOrName(context, args.user).access };
  },
  getAccessCombinationName(env, args) {
    const context = admin(env, args);
    return combinationNameOf(resolveUserByIdOrName(context, args.user).access);
  },
  changeByModuleAccess(env, args) {
    const context = admin(env, args);
    resolveUserByIdOrName(context, args.user).access = sharedAccess(moduleAccessFromWire(args.moduleAccess));
    return undefined;
  },
  changeByModuleAccessName(env, args) {
    const context = admin(env, args);
    const user = resolveUserByIdOrName(context, args.user);
    user.access = sharedAccess(combination(str(args, 'access_combination_name')));
    return undefined;
  },
  changeModuleAccessGlobal(env, args) {
    // The only user operation that wants the master admin. The filter is not modelled: every user is affected.
    requireMaster(env.options, args.auth);
    const add = asObject(args.addAccess) ?? {};
    const remove = asObject(args.removeAccess) ?? {};
    for (const context of env.registry.contexts.values()) {
      for (const user of context.users.values()) {
        // Access objects are shared between users (compact-user.ts): build the new value, never change it in place.
        const access = copyAccess(user.access);
        for (const flag of MODULE_FLAGS) {
          if (add[flag] === true) access[flag] = true;
          if (remove[flag] === true) access[flag] = false;
        }
        user.access = sharedAccess(access);
      }
    }
    return undefined;
  },

  changeCapabilities(env, args) {
    const context = admin(env, args);
    const user = resolveUserByIdOrName(context, args.user);
    const split = (key: 'capsToAdd' | 'capsToRemove' | 'capsToDrop'): string[] =>
      (str(args, key) ?? '').split(/[\s,]+/).filter((c) => c !== '');
    const caps = new Set(user.capabilities);
    for (const c of split('capsToAdd')) caps.add(c);
    for (const c of [...split('capsToRemove'), ...split('capsToDrop')]) caps.delete(c);
    user.capabilities = [...caps];
    return undefined;
  },
  getUserCapabilities(env, args) {
    const context = admin(env, args);
    return resolveUserByIdOrName(context, args.user).capabilities.join(',');
  },
  changeMailAddressPersonal(env, args) {
    // The personal part of the primary address is not a User member; we only check the user exists.
    const context = admin(env, args);
    resolveUserByIdOrName(context, args.user);
    return undefined;
  },

  // Filestore moves are asynchronous jobs in OX; the emulator has no files to move and returns a job id.
  moveUserFilestore: filestoreMove,
  moveFromUserFilestoreToMaster: filestoreMove,
  moveFromMasterToUserFilestore: filestoreMove,
  moveFromContextToUserFilestore: filestoreMove,
  moveFromUserToContextFilestore: filestoreMove,
};

type FilestoreMove =
  | 'moveUserFilestore'
  | 'moveFromUserFilestoreToMaster'
  | 'moveFromMasterToUserFilestore'
  | 'moveFromContextToUserFilestore'
  | 'moveFromUserToContextFilestore';

function filestoreMove(env: ModelEnv, args: OxArgs<'OXUserService', FilestoreMove>): number {
  const context = admin(env, args);
  const user = resolveUserByIdOrName(context, args.user);
  const target = asObject(args.dst_filestore_id);
  const targetId = int(target, 'id');
  if (targetId !== undefined) user.fields.filestoreId = targetId;
  const maxQuota = int(args, 'max_quota');
  if (maxQuota !== undefined) user.fields.maxQuota = maxQuota;
  return 1;
}

export const userService: ServiceTable<'OXUserService'> = handlers;
