// OXContextService (docs/reference/ox-soap-contract.md, docs/reference/ox-contexts.md): contexts with their admin
// user, login mappings, quota and the context-wide module access. Master-admin credentials throughout.
import { requireMaster } from './auth.js';
import type { ModelEnv, ServiceTable } from './env.js';
import type { Context, OxArgs } from '../../ox/types.js';
import { fault, invalidData, noSuchObjectByName } from './faults.js';
import {
  ACCESS_COMBINATIONS,
  NEW_CONTEXT_DEFAULT_COMBINATION,
  combinationNameOf,
  copyAccess,
  moduleAccessFromWire,
  type ModuleAccess,
} from './module-access.js';
import { ContextStore, type ContextRecord } from './store.js';
import { sharedAccess } from './compact-user.js';
import { mergeAttributes, attributesToWire } from './user-values.js';
import { createUser, missingMandatoryUserFields } from './user-create.js';
import { DEFAULT_DATABASE, DEFAULT_FILESTORE } from './util-service.js';
import { asList, asObject, idOf, int, likeMatcher, nonEmpty, str, type Obj } from './values.js';

const LOGIN_MAPPING_ALLOWED = /[$%.+a-zA-Z0-9_-]/;

function checkMappingChars(mapping: string): void {
  const illegal = [...new Set([...mapping].filter((c) => !LOGIN_MAPPING_ALLOWED.test(c)))].join('');
  if (illegal !== '') throw invalidData(`Illegal chars: "${illegal}" in login mapping`);
}

function givenMappings(ctx: Obj): string[] | undefined {
  const list = asList(ctx.loginMappings);
  if (list === undefined || list.length === 0) return undefined;
  return list.filter((m): m is string => typeof m === 'string' && m.trim() !== '');
}

/** The translation of "Standard group" OX gives group 1, in the admin user's language. */
function standardGroupName(language: string | undefined): string {
  return language?.toLowerCase().startsWith('de') ? 'Standardgruppe' : 'Standard group';
}

export function contextToWire(context: ContextStore): Context {
  const d = context.data;
  const out: Context = {
    average_size: 100,
    enabled: d.enabled,
    filestoreId: d.filestoreId,
    filestore_name: `${d.id}_ctx_store`,
    id: d.id,
    loginMappings: [...d.loginMappings],
    maxQuota: d.maxQuota,
    name: d.name,
    readDatabase: { ...DEFAULT_DATABASE },
    usedQuota: 0,
    writeDatabase: { ...DEFAULT_DATABASE },
  };
  const attributes = attributesToWire(d.userAttributes);
  if (attributes !== undefined) out.userAttributes = attributes;
  if (d.gabMode !== undefined) out.gabMode = d.gabMode;
  return out;
}

/** A context addressed by id, or by name when the id is absent or 0 (docs/reference/ox-soap-contract.md). */
function resolveContext(env: ModelEnv, ctxArg: unknown): ContextStore {
  const ctx = asObject(ctxArg);
  const id = idOf(ctx);
  if (id !== undefined) {
    const context = env.registry.contexts.get(id);
    if (!context) throw fault('NoSuchContextException', `Context ${id} does not exist`);
    return context;
  }
  const name = nonEmpty(ctx, 'name');
  if (name === undefined) throw invalidData('One contextobject has no contextid or contextname');
  const context = env.registry.contextByName(name);
  if (!context) throw noSuchObjectByName('NoSuchContextException', `No such context ${name}`);
  return context;
}

function createContext(
  env: ModelEnv,
  args: OxArgs<'OXContextService', 'create' | 'createModuleAccess' | 'createModuleAccessByName'>,
  adminAccess: () => ModuleAccess,
): Context {
  requireMaster(env.options, args.auth);
  const ctx = asObject(args.ctx) ?? {};
  const id = int(ctx, 'id');
  const maxQuota = int(ctx, 'maxQuota');
  const missing = [id === undefined ? 'id' : undefined, maxQuota === undefined ? 'maxQuota' : undefined].filter(
    (x) => x !== undefined,
  );
  if (missing.length > 0) throw invalidData(`Mandatory fields in context not set: [${missing.join(', ')}]`);
  if ((id as number) <= 0) throw invalidData(`The context identifier ${id} is not allowed!`);
  const strategy = asObject(args.schema_select_strategy);
  if (nonEmpty(strategy, 'schema_name') !== undefined && nonEmpty(strategy, 'strategy') !== undefined) {
    throw invalidData('Setting schema_name and schema_select_strategy at the same time is not possible.');
  }
  const adminData = asObject(args.admin_user) ?? {};
  const missingAdmin = missingMandatoryUserFields(adminData);
  if (missingAdmin.length > 0)
    throw invalidData(`Mandatory fields in admin user not set: [${missingAdmin.join(', ')}]`);

  const name = nonEmpty(ctx, 'name') ?? String(id);
  if (env.registry.contexts.has(id as number)) throw fault('ContextExistsException', `Context ${id} already exists!`);
  if (env.registry.contextByName(name)) throw fault('ContextExistsException', `Context ${name} already exists!`);

  const requested = givenMappings(ctx) ?? [];
  for (const m of requested) checkMappingChars(m);
  // OX always maps the id and the name to the context as well.
  const mappings: string[] = [];
  for (const m of [String(id), name, ...requested])
    if (!mappings.some((x) => x.toLowerCase() === m.toLowerCase())) mappings.push(m);
  for (const m of mappings) {
    if (env.registry.contextByMapping(m)) {
      throw fault(
        'StorageException',
        `Cannot map '${m}' to the newly created context. This mapping is already in use.`,
      );
    }
  }

  const data: ContextRecord = {
    id: id as number,
    name,
    enabled: true,
    loginMappings: mappings,
    maxQuota: maxQuota as number,
    filestoreId: int(ctx, 'filestoreId') ?? DEFAULT_FILESTORE.id,
    userAttributes: {},
    gabMode: nonEmpty(ctx, 'gabMode'),
    capabilities: [],
    quotas: {},
    lastPrincipalId: 0,
    lastAccountId: 0,
  };
  mergeAttributes(data.userAttributes, ctx.userAttributes);
  const context = new ContextStore(data);
  // Group 1 "users" first, then the admin as user 2: the ids every OX context starts with.
  context.addGroup({
    id: context.nextPrincipalId(),
    name: 'users',
    displayname: standardGroupName(nonEmpty(adminData, 'language')),
    members: new Set(),
  });
  createUser(env, context, adminData, adminAccess(), {
    contextAdmin: true,
    mandatoryMessage: 'Mandatory fields in admin user not set',
  });
  env.registry.add(context);
  return contextToWire(context);
}

function changeContext(env: ModelEnv, context: ContextStore, ctx: Obj): void {
  const d = context.data;
  const newName = nonEmpty(ctx, 'name');
  const renamed = newName !== undefined && newName !== d.name;
  if (renamed) {
    const other = env.registry.contextByName(newName);
    if (other && other !== context) throw invalidData(`Context ${newName} already exists!`);
  }
  const requested = givenMappings(ctx);
  let mappings = d.loginMappings;
  if (requested !== undefined) {
    for (const m of requested) checkMappingChars(m);
    // The numeric-id mapping cannot be removed.
    mappings = [String(d.id)];
    for (const m of requested) if (!mappings.some((x) => x.toLowerCase() === m.toLowerCase())) mappings.push(m);
    for (const m of mappings) {
      const owner = env.registry.contextByMapping(m);
      if (owner && owner !== context)
        throw fault('StorageException', `A mapping with login info "${m}" already exists in the system!`);
    }
  }
  env.registry.unindex(context);
  if (renamed) d.name = newName;
  d.loginMappings = mappings;
  const maxQuota = int(ctx, 'maxQuota');
  if (maxQuota !== undefined) d.maxQuota = maxQuota;
  const filestoreId = int(ctx, 'filestoreId');
  if (filestoreId !== undefined && filestoreId > 0) d.filestoreId = filestoreId;
  const gabMode = nonEmpty(ctx, 'gabMode');
  if (gabMode !== undefined) d.gabMode = gabMode;
  mergeAttributes(d.userAttributes, ctx.userAttributes);
  env.registry.index(context);
}

function listContexts(env: ModelEnv, pattern: string | undefined, offset?: string, length?: string): Context[] {
  const matches = likeMatcher(pattern, true);
  const result: Context[] = [];
  for (const context of [...env.registry.contexts.values()].sort((a, b) => a.id - b.id)) {
    const d = context.data;
    if (String(d.id) === pattern || matches(d.name) || d.loginMappings.some(matches))
      result.push(contextToWire(context));
  }
  const start = Math.max(0, Number(offset ?? 0) || 0);
  const count = Number(length ?? 0) || 0;
  return count > 0 ? result.slice(start, start + count) : result.slice(start);
}

function setAllUsersAccess(context: ContextStore, access: ModuleAccess): void {
  for (const user of context.users.values()) user.access = sharedAccess(access);
}

function combination(name: string | undefined): ModuleAccess {
  const combo = name === undefined ? undefined : ACCESS_COMBINATIONS.get(name);
  if (!combo) throw invalidData(`No such access combination name "${name ?? ''}"`);
  return combo;
}

const QUOTA_MAX = 4294967295;

/** The request members every context operation but the creates and lists shares. */
interface MasterArgs {
  auth?: unknown;
}
interface ContextArgs extends MasterArgs {
  ctx?: unknown;
}

/** Handlers that need the master admin and one existing context. */
const onContext =
  <A extends ContextArgs, R>(handler: (env: ModelEnv, context: ContextStore, args: A) => R) =>
  (env: ModelEnv, args: A): R => {
    requireMaster(env.options, args.auth);
    return handler(env, resolveContext(env, args.ctx), args);
  };

const master =
  <A extends MasterArgs, R>(handler: (env: ModelEnv, args: A) => R) =>
  (env: ModelEnv, args: A): R => {
    requireMaster(env.options, args.auth);
    return handler(env, args);
  };

function exists(env: ModelEnv, args: OxArgs<'OXContextService', 'exists' | 'existsInServer'>): boolean {
  const ctx = asObject(args.ctx);
  const id = idOf(ctx);
  if (id === undefined) {
    const name = nonEmpty(ctx, 'name');
    if (name === undefined) throw invalidData('One contextobject has no contextid or contextname');
    // OX answers an unknown name without looking at the credentials.
    if (!env.registry.contextByName(name)) return false;
    requireMaster(env.options, args.auth);
    return true;
  }
  requireMaster(env.options, args.auth);
  return env.registry.contexts.has(id);
}

export const contextService: ServiceTable<'OXContextService'> = {
  create: (env, args) =>
    createContext(env, args, () =>
      copyAccess(ACCESS_COMBINATIONS.get(NEW_CONTEXT_DEFAULT_COMBINATION) as ModuleAccess),
    ),
  createModuleAccess: (env, args) => createContext(env, args, () => moduleAccessFromWire(args.access)),
  createModuleAccessByName: (env, args) =>
    createContext(env, args, () => copyAccess(combination(str(args, 'access_combination_name')))),

  change: onContext((env, context, args) => {
    changeContext(env, context, asObject(args.ctx) ?? {});
    return undefined;
  }),
  delete: onContext((env, context) => {
    env.registry.remove(context);
    return undefined;
  }),
  exists,
  existsInServer: exists,
  getData: onContext((_env, context) => contextToWire(context)),
  getAdminId: onContext((_env, context) => context.admin()?.id ?? 2),

  list: master((env, args) => listContexts(env, str(args, 'search_pattern'))),
  listAll: master((env) => listContexts(env, '*')),
  listPage: master((env, args) =>
    listContexts(env, str(args, 'search_pattern'), str(args, 'offset'), str(args, 'length')),
  ),
  listPageAll: master((env, args) => listContexts(env, '*', str(args, 'offset'), str(args, 'length'))),
  // One database and one filestore hold every context.
  listByDatabase: master((env) => listContexts(env, '*')),
  listPageByDatabase: master((env, args) => listContexts(env, '*', str(args, 'offset'), str(args, 'length'))),
  listByFilestore: master((env, args) => {
    const fsId = int(asObject(args.fs), 'id');
    return listContexts(env, '*').filter((c) => fsId === undefined || c.filestoreId === fsId);
  }),
  listPageByFilestore: master((env, args) => {
    const fsId = int(asObject(args.fs), 'id');
    return listContexts(env, '*', str(args, 'offset'), str(args, 'length')).filter(
      (c) => fsId === undefined || c.filestoreId === fsId,
    );
  }),

  disable: onContext((_env, context) => {
    context.data.enabled = false;
    return undefined;
  }),
  enable: onContext((_env, context) => {
    context.data.enabled = true;
    return undefined;
  }),
  disableAll: master((env) => {
    for (const context of env.registry.contexts.values()) context.data.enabled = false;
    return undefined;
  }),
  enableAll: master((env) => {
    for (const context of env.registry.contexts.values()) context.data.enabled = true;
    return undefined;
  }),
  // Schema downgrades and database/filestore moves have nothing to do in the emulator.
  downgrade: onContext(() => undefined),
  moveContextDatabase: onContext(() => 1),
  moveContextFilestore: onContext((_env, context, args) => {
    const fsId = int(asObject(args.dst_filestore_id), 'id');
    if (fsId !== undefined && fsId > 0) context.data.filestoreId = fsId;
    return 1;
  }),

  getModuleAccess: onContext((_env, context) => ({ ...(context.admin()?.access ?? moduleAccessFromWire({})) })),
  changeModuleAccess: onContext((_env, context, args) => {
    setAllUsersAccess(context, moduleAccessFromWire(args.access));
    return undefined;
  }),
  changeModuleAccessByName: onContext((_env, context, args) => {
    setAllUsersAccess(context, combination(str(args, 'access_combination_name')));
    return undefined;
  }),
  getAccessCombinationName: onContext((_env, context) => {
    const adminUser = context.admin();
    return adminUser ? combinationNameOf(adminUser.access) : null;
  }),

  getContextCapabilities: onContext((_env, context) => context.data.capabilities.join(',')),
  changeCapabilities: onContext((_env, context, args) => {
    const split = (key: 'capsToAdd' | 'capsToRemove' | 'capsToDrop'): string[] =>
      (str(args, key) ?? '').split(/[\s,]+/).filter((c) => c !== '');
    const caps = new Set(context.data.capabilities);
    for (const c of split('capsToAdd')) caps.add(c);
    for (const c of [...split('capsToRemove'), ...split('capsToDrop')]) caps.delete(c);
    context.data.capabilities = [...caps];
    return undefined;
  }),
  changeQuota: onContext((_env, context, args) => {
    const modules = (str(args, 'module') ?? '')
      .split(',')
      .map((m) => m.trim())
      .filter((m) => m !== '');
    if (modules.length === 0) throw invalidData('No valid module specified.');
    const raw = str(args, 'quotaValue') ?? '';
    const value = Number(raw);
    if (raw.trim() === '' || !Number.isInteger(value) || value < -1 || value > QUOTA_MAX) {
      throw invalidData(`Quota value is out of range (allowable range is from 0 to ${QUOTA_MAX}): ${raw}`);
    }
    for (const m of modules) context.data.quotas[m] = value;
    return undefined;
  }),
  listQuota: onContext((_env, context) =>
    Object.entries(context.data.quotas).map(([module, limit]) => ({ module, limit })),
  ),
};
