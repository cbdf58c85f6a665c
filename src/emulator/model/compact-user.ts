// Stored users made small enough for a million of them (issue 19, decision 0335). A user record built member by
// member (plainMembers' `result[key] = value`) ends up with its ~35 fields in a V8 dictionary (~1.5 KB per user),
// and every user carried its own copies of the module access (26 flags) and the two mail endpoints that thousands
// of users have in common: 3.6 KB of heap per user, near the 4 GB heap limit at a million users. Here fields get one
// flat copy (JSON.parse builds objects with shared hidden classes, one slot per value), and equal access objects
// and endpoints are one frozen object each — frozen, so code that would change a shared one in place throws
// instead of changing every user; such code assigns a new value (see changeModuleAccessGlobal).
import { MODULE_FLAGS, type ModuleAccess } from './module-access.js';
import type { MailEndpoint, UserRecord } from './store.js';

const accessByFlags = new Map<string, ModuleAccess>();
const endpoints = new Map<string, MailEndpoint>();
const NO_CAPABILITIES: string[] = Object.freeze([]) as unknown as string[];

/** The one frozen access object with these flags. */
export function sharedAccess(access: ModuleAccess): ModuleAccess {
  let key = '';
  for (const flag of MODULE_FLAGS) key += access[flag] ? '1' : '0';
  let shared = accessByFlags.get(key);
  if (!shared) {
    shared = Object.freeze({ ...access });
    accessByFlags.set(key, shared);
  }
  return shared;
}

function sharedEndpoint(endpoint: MailEndpoint): MailEndpoint {
  const key = `${endpoint.schema}${endpoint.host}:${endpoint.port}`;
  let shared = endpoints.get(key);
  if (!shared) {
    shared = Object.freeze({ ...endpoint });
    endpoints.set(key, shared);
  }
  return shared;
}

/** Plain values only (strings, finite numbers, booleans): anything else keeps the fields as they are. */
function flatFields(fields: UserRecord['fields']): UserRecord['fields'] {
  for (const key in fields) {
    const value = fields[key];
    if (typeof value === 'number' && !Number.isFinite(value)) return fields;
  }
  return JSON.parse(JSON.stringify(fields)) as UserRecord['fields'];
}

/** `user`, made compact in place before it is stored (created, changed or loaded). */
export function compactUser(user: UserRecord): UserRecord {
  user.fields = flatFields(user.fields);
  user.access = sharedAccess(user.access);
  user.imap = sharedEndpoint(user.imap);
  user.smtp = sharedEndpoint(user.smtp);
  if (user.capabilities.length === 0) user.capabilities = NO_CAPABILITIES;
  return user;
}
