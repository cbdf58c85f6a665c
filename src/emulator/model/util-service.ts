// OXUtilService: the emulator has one server, one database and one filestore. Enough for a client to call
// every operation and get plausible answers; registrations are accepted and remembered for the process.
import { requireMaster } from './auth.js';
import type { ModelEnv, ServiceTable } from './env.js';
import { invalidData } from './faults.js';
import { asObject, asObjectList, int, likeMatcher, str, type Obj } from './values.js';

export const DEFAULT_SERVER = { id: 1, name: 'oxserver' };

export const DEFAULT_FILESTORE = {
  currentContexts: 0,
  id: 1,
  maxContexts: 5000,
  reserved: 0,
  size: 1_048_576,
  url: 'file:/var/opt/filestore',
  used: 0,
};

/** The database every context lives in; its password is never returned. */
export const DEFAULT_DATABASE = {
  currentUnits: 0,
  driver: 'com.mysql.jdbc.Driver',
  id: 4,
  login: 'openexchange',
  master: true,
  masterId: 0,
  maxUnits: 1000,
  name: 'oxdatabase',
  poolHardLimit: 1,
  poolInitial: 0,
  poolMax: 100,
  read_id: 4,
  scheme: 'oxdatabase_5',
  url: 'jdbc:mysql://localhost/',
};

interface Registered {
  servers: Obj[];
  databases: Obj[];
  filestores: Obj[];
  reasons: Obj[];
}

const registeredByEnv = new WeakMap<ModelEnv, Registered>();

function registered(env: ModelEnv): Registered {
  let r = registeredByEnv.get(env);
  if (!r) {
    r = {
      servers: [{ ...DEFAULT_SERVER }],
      databases: [{ ...DEFAULT_DATABASE }],
      filestores: [filestoreWithCounts(env)],
      reasons: [],
    };
    registeredByEnv.set(env, r);
  }
  return r;
}

function filestoreWithCounts(env: ModelEnv): Obj {
  return { ...DEFAULT_FILESTORE, currentContexts: env.registry.contexts.size };
}

function nextId(items: Obj[]): number {
  return items.reduce((max, item) => Math.max(max, int(item, 'id') ?? 0), 0) + 1;
}

/** OX's register*: the entry as given, with the next free id; the stored entry is returned. */
function register(items: Obj[], entry: Obj): Obj {
  const stored = { ...entry, id: nextId(items) };
  items.push(stored);
  return stored;
}

/** OX's change*: the given fields replace those of the entry with the same id; null or absent means "keep". */
function changeById(items: Obj[], changes: Obj): undefined {
  const stored = items.find((item) => int(item, 'id') === int(changes, 'id'));
  if (stored)
    Object.assign(stored, Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined && v !== null)));
  return undefined;
}

/** Everything but the entry with the id of `handle` (OX's unregister*). */
function withoutEntry(items: Obj[], handle: unknown): Obj[] {
  const id = int(asObject(handle), 'id');
  return items.filter((item) => int(item, 'id') !== id);
}

function byPattern(items: Obj[], pattern: string | undefined, key: string): Obj[] {
  const matches = likeMatcher(pattern, true);
  return items.filter((item) => matches(str(item, key) ?? ''));
}

const master =
  <A extends { auth?: unknown }, R>(handler: (env: ModelEnv, args: A, r: Registered) => R) =>
  (env: ModelEnv, args: A): R => {
    requireMaster(env.options, args.auth);
    return handler(env, args, registered(env));
  };

function withoutPassword(db: Obj): Obj {
  const { password: _password, ...rest } = db;
  return rest;
}

export const utilService: ServiceTable<'OXUtilService'> = {
  listAllServer: master((_env, _args, r) => r.servers),
  listServer: master((_env, args, r) => byPattern(r.servers, str(args, 'search_pattern'), 'name')),
  registerServer: master((_env, args, r) => {
    const srv = asObject(args.srv) ?? {};
    if (!str(srv, 'name')) throw invalidData('Invalid server name');
    return register(r.servers, srv);
  }),
  unregisterServer: master((_env, args, r) => {
    r.servers = withoutEntry(r.servers, args.serv);
    return undefined;
  }),

  listAllDatabase: master((_env, _args, r) => r.databases.map(withoutPassword)),
  listDatabase: master((_env, args, r) =>
    byPattern(r.databases, str(args, 'search_pattern'), 'name').map(withoutPassword),
  ),
  registerDatabase: master((_env, args, r) => withoutPassword(register(r.databases, asObject(args.db) ?? {}))),
  changeDatabase: master((_env, args, r) => changeById(r.databases, asObject(args.db) ?? {})),
  unregisterDatabase: master((_env, args, r) => {
    r.databases = withoutEntry(r.databases, args.dbhandle);
    return undefined;
  }),
  createSchema: master((_env, _args, r) => withoutPassword(r.databases[0] ?? DEFAULT_DATABASE)),
  checkDatabase: master(() => ({})),
  unblockDatabase: master(() => []),
  checkCountsConsistency: master(() => undefined),

  listAllFilestore: master((env, _args, r) =>
    r.filestores.map((f) => (int(f, 'id') === 1 ? filestoreWithCounts(env) : f)),
  ),
  listFilestore: master((env, args, r) =>
    byPattern(
      r.filestores.map((f) => (int(f, 'id') === 1 ? filestoreWithCounts(env) : f)),
      str(args, 'search_pattern'),
      'url',
    ),
  ),
  registerFilestore: master((_env, args, r) => register(r.filestores, asObject(args.fstore) ?? {})),
  changeFilestore: master((_env, args, r) => changeById(r.filestores, asObject(args.fstore) ?? {})),
  unregisterFilestore: master((_env, args, r) => {
    r.filestores = withoutEntry(r.filestores, args.store);
    return undefined;
  }),

  listAllMaintenanceReason: master((_env, _args, r) => r.reasons),
  listMaintenanceReason: master((_env, args, r) => byPattern(r.reasons, str(args, 'search_pattern'), 'text')),
  createMaintenanceReason: master((_env, args, r) => {
    const text = str(asObject(args.reason), 'text');
    if (!text) throw invalidData('Invalid maintenance reason text');
    const reason = { id: nextId(r.reasons), idset: true, text, textset: true };
    r.reasons.push(reason);
    return reason;
  }),
  deleteMaintenanceReason: master((_env, args, r) => {
    const ids = new Set(asObjectList(args.reasons).map((x) => int(x, 'id')));
    r.reasons = r.reasons.filter((x) => !ids.has(int(x, 'id')));
    return undefined;
  }),
};
