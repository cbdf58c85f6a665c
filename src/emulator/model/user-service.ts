// OXUserService (docs/reference/ox-soap-contract.md, "Users"): create, change, delete, lookups, lists and module
// access.
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
import {
  copyUserRecord,
  plainMembers,
  resolveUserByIdOrName,
  resolveUserForRead,
  userIdOnlyToWire,
  userToWire,
} from './user-records.js';
import {
  DEFAULT_IMAP,
  DEFAULT_SMTP,
  checkFolderMode,
  checkLanguage,
  checkMailAddress,
  checkPasswordMech,
  checkTimezone,
  checkUserNameChars,
  mergeAttributes,
  parseEndpoint,
} from './user-values.js';
import { asList, asObject, asObjectList, bool, int, lc, likeMatcher, nonEmpty, str, type Obj } from './values.js';

const MANDATORY_USER_FIELDS = [
  'name',
  'display_name',
  'password',
  'given_name',
  'sur_name',
  'primaryEmail',
  'email1',
] as const;

/** Mail folder names OX's AdminUser.properties gives a new en_US user's primary account. */
const DEFAULT_MAIL_FOLDERS: Record<string, string> = {
  mail_folder_drafts_name: 'Drafts',
  mail_folder_sent_name: 'Sent',
  mail_folder_spam_name: 'Spam',
  mail_folder_trash_name: 'Trash',
  mail_folder_confirmed_spam_name: 'confirmed-spam',
  mail_folder_confirmed_ham_name: 'confirmed-ham',
};

/** Names of mandatory user fields that are missing or empty, in OX's order. */
export function missingMandatoryUserFields(usrdata: Obj): string[] {
  return MANDATORY_USER_FIELDS.filter((key) => nonEmpty(usrdata, key) === undefined);
}

/** Adds `address` to `aliases` unless an equal address (case-insensitive) is already there. */
function addAlias(aliases: string[], address: string): void {
  const key = lc(address);
  if (!aliases.some((a) => lc(a) === key)) aliases.push(address);
}

function aliasesFromWire(value: unknown): string[] | undefined {
  const list = asList(value);
  if (list === undefined || list.length === 0) return undefined;
  const aliases: string[] = [];
  // Blank entries are dropped, as OX's alias storage does.
  for (const item of list) if (typeof item === 'string' && item.trim() !== '') addAlias(aliases, item);
  return aliases;
}

/**
 * Builds a new user the way OX's create does (docs/reference/ox-soap-contract.md), checks in OX's order, and stores
 * it. Used by user create (all three variants) and by context create for the admin user.
 */
export function createUser(
  env: ModelEnv,
  context: ContextStore,
  usrdata: Obj,
  access: ModuleAccess,
  opts: { id?: number; contextAdmin?: boolean; mandatoryMessage?: string } = {},
): UserRecord {
  const language = checkLanguage(nonEmpty(usrdata, 'language') ?? 'en_US', false);
  const timezone = checkTimezone(nonEmpty(usrdata, 'timezone') ?? env.options.defaultTimezone);
  const passwordMech = checkPasswordMech(nonEmpty(usrdata, 'passwordMech') ?? env.options.defaultPasswordMech);

  if (str(usrdata, 'password') === '') throw invalidData('Empty password is not allowed.');
  const missing = missingMandatoryUserFields(usrdata);
  if (missing.length > 0)
    throw invalidData(`${opts.mandatoryMessage ?? 'Mandatory fields not set'}: [${missing.join(', ')}]`);

  const name = str(usrdata, 'name') as string;
  const displayName = str(usrdata, 'display_name') as string;
  const primaryEmail = str(usrdata, 'primaryEmail') as string;
  const email1 = str(usrdata, 'email1') as string;

  if (env.options.uniqueDisplayNames && context.displayNameInUse(displayName))
    throw invalidData('The displayname is already used');
  if (env.options.checkUserNameChars) checkUserNameChars(name);

  const aliases = aliasesFromWire(usrdata.aliases) ?? [];
  for (const key of ['primaryEmail', 'email1', 'email2', 'email3', 'defaultSenderAddress']) {
    const address = nonEmpty(usrdata, key);
    if (address !== undefined) checkMailAddress(address);
  }
  for (const alias of aliases) checkMailAddress(alias);
  if (primaryEmail !== email1) throw invalidData('primarymail must have the same value as email1');

  const defaultSender = nonEmpty(usrdata, 'defaultSenderAddress') ?? primaryEmail;
  addAlias(aliases, defaultSender);
  addAlias(aliases, primaryEmail);

  if (context.userByName(name)) throw invalidData(`User ${name} already exists in this context`);
  const holder = context.userByPrimaryMail(primaryEmail);
  if (holder) {
    throw invalidData(
      `Primary mail address "${primaryEmail}" already exists in context ${context.id} (Already assigned to user ${holder.id}).`,
    );
  }

  const fields = plainMembers(usrdata, { ...DEFAULT_MAIL_FOLDERS });
  fields.language = language;
  fields.timezone = timezone;
  fields.defaultSenderAddress = defaultSender;
  fields.mailenabled = bool(usrdata, 'mailenabled') ?? true;
  const folderMode = nonEmpty(usrdata, 'drive_user_folder_mode') ?? nonEmpty(usrdata, 'drive_folder_mode');
  if (folderMode !== undefined) fields.drive_user_folder_mode = checkFolderMode(folderMode);
  const filestoreId = int(usrdata, 'filestoreId');
  if (filestoreId !== undefined && filestoreId > 0) fields.filestoreId = filestoreId;

  const userAttributes = {};
  mergeAttributes(userAttributes, usrdata.userAttributes);
  // com.openexchange.imap.initWithSpecialUse is on by default; OX records that it asked for special-use folders.
  mergeAttributes(userAttributes, {
    entries: [
      { key: 'config', value: { entries: [{ key: 'com.openexchange.mail.specialuse.check', value: 'true' }] } },
    ],
  });

  const imapServer = nonEmpty(usrdata, 'imapServer');
  const smtpServer = nonEmpty(usrdata, 'smtpServer');
  const user: UserRecord = {
    id: opts.id ?? context.nextPrincipalId(),
    name,
    fields,
    aliases,
    password: str(usrdata, 'password') as string,
    passwordMech,
    imap: imapServer !== undefined ? parseEndpoint('imap', imapServer, int(usrdata, 'imapPort')) : { ...DEFAULT_IMAP },
    smtp: smtpServer !== undefined ? parseEndpoint('smtp', smtpServer, int(usrdata, 'smtpPort')) : { ...DEFAULT_SMTP },
    userAttributes,
    access: copyAccess(access),
    contextAdmin: opts.contextAdmin ?? false,
    capabilities: [],
  };
  context.addUser(user);
  return user;
}

/** create echoes the request with the id set and the server-side additions; the password comes back as sent. */
function createResponse(user: UserRecord): Obj {
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

// ---- change ----

function changeUser(env: ModelEnv, context: ContextStore, user: UserRecord, usrdata: Obj): void {
  const options = env.options;
  // Work on a copy and swap it in only when every check passed: a refused change leaves the user as it was.
  const next: UserRecord = copyUserRecord(user);

  const newName = nonEmpty(usrdata, 'name');
  if (newName !== undefined && newName !== user.name) {
    if (!options.allowLoginNameChange) throw invalidData('Changing username is disabled!');
    if (options.checkUserNameChars) checkUserNameChars(newName);
    const other = context.userByName(newName);
    if (other && other.id !== user.id) throw invalidData(`User ${newName} already exists in this context`);
    next.name = newName;
  }

  const language = nonEmpty(usrdata, 'language');
  if (language !== undefined) next.fields.language = checkLanguage(language, true);
  const timezone = nonEmpty(usrdata, 'timezone');
  if (timezone !== undefined) next.fields.timezone = checkTimezone(timezone);
  const mech = nonEmpty(usrdata, 'passwordMech');
  if (mech !== undefined) next.passwordMech = checkPasswordMech(mech);
  const folderMode = nonEmpty(usrdata, 'drive_user_folder_mode') ?? nonEmpty(usrdata, 'drive_folder_mode');
  if (folderMode !== undefined) next.fields.drive_user_folder_mode = checkFolderMode(folderMode);

  const filestoreId = int(usrdata, 'filestoreId');
  if (filestoreId !== undefined && filestoreId !== (user.fields.filestoreId ?? 0)) {
    throw invalidData(
      `Not allowed to change the filestore for user ${user.id} in context ${context.id}. Please use appropriate method instead.`,
    );
  }
  const maxQuota = int(usrdata, 'maxQuota');
  if (
    maxQuota !== undefined &&
    maxQuota !== -1 &&
    user.fields.filestoreId === undefined &&
    !options.allowQuotaWithoutFilestore
  ) {
    throw fault(
      'StorageException',
      `Quota cannot be changed for user ${user.id} in context ${context.id} since that user has no file storage set. See "ALLOW_CHANGING_QUOTA_IF_NO_FILESTORE_SET".`,
    );
  }

  plainMembers(usrdata, next.fields);
  next.fields.language = language !== undefined ? language : user.fields.language;
  if (timezone === undefined) next.fields.timezone = user.fields.timezone;

  checkMailChange(env, context, user, next, usrdata);

  if (options.uniqueDisplayNames) {
    const displayName = str(usrdata, 'display_name');
    if (displayName !== undefined && context.displayNameInUse(displayName, user))
      throw invalidData('The displayname is already used');
  }

  const password = str(usrdata, 'password');
  if (password !== undefined && password !== '') next.password = password;
  const imapServer = nonEmpty(usrdata, 'imapServer');
  if (imapServer !== undefined) next.imap = parseEndpoint('imap', imapServer, int(usrdata, 'imapPort'));
  const smtpServer = nonEmpty(usrdata, 'smtpServer');
  if (smtpServer !== undefined) next.smtp = parseEndpoint('smtp', smtpServer, int(usrdata, 'smtpPort'));
  mergeAttributes(next.userAttributes, usrdata.userAttributes);

  context.unindexUser(user);
  Object.assign(user, next);
  context.indexUser(user);
}

/** The address rules of user change (docs/reference/ox-soap-contract.md); sets the new addresses on `next`. */
function checkMailChange(env: ModelEnv, context: ContextStore, user: UserRecord, next: UserRecord, usrdata: Obj): void {
  const primary = str(usrdata, 'primaryEmail');
  const email1 = str(usrdata, 'email1');
  const sender = str(usrdata, 'defaultSenderAddress');
  const aliases =
    asList(usrdata.aliases) !== undefined && (asList(usrdata.aliases) as unknown[]).length > 0
      ? (aliasesFromWire(usrdata.aliases) ?? [])
      : undefined;
  for (const key of ['email2', 'email3']) {
    const address = nonEmpty(usrdata, key);
    if (address !== undefined) checkMailAddress(address);
  }
  if (aliases !== undefined) next.aliases = aliases;
  const touched = primary !== undefined || email1 !== undefined || sender !== undefined || aliases !== undefined;
  if (!touched) return;

  const checked = !user.contextAdmin || env.options.adminMailChecks;
  if (checked) {
    const storedPrimary = String(user.fields.primaryEmail ?? '');
    if (primary !== undefined && env.options.primaryMailUnchangeable && lc(primary) !== lc(storedPrimary)) {
      throw invalidData('primary mail must not be changed');
    }
    if (primary !== undefined && email1 === undefined) throw invalidData('email1 not sent but required!');
    if (primary !== undefined && email1 !== undefined && lc(primary) !== lc(email1))
      throw invalidData('email1 not equal with primarymail!');
    for (const address of [primary, email1, sender, ...(aliases ?? [])])
      if (address !== undefined) checkMailAddress(address);
    const effective = [
      primary ?? storedPrimary,
      email1 ?? String(user.fields.email1 ?? ''),
      sender ?? String(user.fields.defaultSenderAddress ?? ''),
    ];
    const aliasKeys = new Set((aliases ?? user.aliases).map(lc));
    if (effective.some((address) => address !== '' && !aliasKeys.has(lc(address)))) {
      throw invalidData('primaryMail, Email1 and defaultSenderAddress must be present in set of aliases.');
    }
  }
  if (primary !== undefined) {
    const holder = context.userByPrimaryMail(primary);
    if (holder && holder.id !== user.id) {
      throw invalidData(
        `Primary mail address "${primary}" already exists in context ${context.id} (Already assigned to user ${holder.id}).`,
      );
    }
  }
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

function page<T>(items: T[], args: Obj): T[] {
  const offset = Math.max(0, int(args, 'offset') ?? 0);
  const length = int(args, 'length');
  return length !== undefined && length > 0 ? items.slice(offset, offset + length) : items.slice(offset);
}

function listUsers(context: ContextStore, args: Obj, pattern: string | undefined, caseInsensitive: boolean): Obj[] {
  // No guest users are modelled: "only guests" is an empty list.
  if (bool(args, 'exclude_users') === true) return [];
  const matches = likeMatcher(pattern, caseInsensitive);
  const result: Obj[] = [];
  for (const user of context.users.values()) {
    if (matches(user.name) || matches(String(user.fields.display_name ?? ''))) result.push(userIdOnlyToWire(user));
  }
  return page(result, args);
}

// ---- handlers ----

const admin = (env: ModelEnv, args: Obj): ContextStore =>
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
    const result: Obj[] = [];
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
    resolveUserByIdOrName(context, args.user).access = moduleAccessFromWire(args.moduleAccess);
    return undefined;
  },
  changeByModuleAccessName(env, args) {
    const context = admin(env, args);
    const user = resolveUserByIdOrName(context, args.user);
    user.access = copyAccess(combination(str(args, 'access_combination_name')));
    return undefined;
  },
  changeModuleAccessGlobal(env, args) {
    // The only user operation that wants the master admin. The filter is not modelled: every user is affected.
    requireMaster(env.options, args.auth);
    const add = asObject(args.addAccess) ?? {};
    const remove = asObject(args.removeAccess) ?? {};
    for (const context of env.registry.contexts.values()) {
      for (const user of context.users.values()) {
        for (const flag of MODULE_FLAGS) {
          if (add[flag] === true) user.access[flag] = true;
          if (remove[flag] === true) user.access[flag] = false;
        }
      }
    }
    return undefined;
  },

  changeCapabilities(env, args) {
    const context = admin(env, args);
    const user = resolveUserByIdOrName(context, args.user);
    const split = (key: string): string[] => (str(args, key) ?? '').split(/[\s,]+/).filter((c) => c !== '');
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

function filestoreMove(env: ModelEnv, args: Obj): number {
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
