// OXDeputyPermissionsService (OX 8+, contract reconstructed from the original connector's calls; see
// src/ox/schema/services/deputy-permissions.ts and decision 0074). A grantor gives deputies rights on its mail
// and calendar; a module whose five digits are all 0 is dropped (as OX does), so a grant of 00000/00000 without
// "send on behalf" stores nothing. Grants go with the grantor or the deputy when either is deleted.
import { authenticateContext } from './auth.js';
import type { ModelEnv, ServiceTable } from './env.js';
import { fault, invalidData } from './faults.js';
import type { ContextStore, DeputyGrantRecord, DeputyState } from './store.js';
import type { OxObject } from '../../ox/types.js';
import { asObject, asObjectList, bool, int, isGiven, str, type Obj } from './values.js';

const MODULES = new Set(['mail', 'calendar']);
const DIGITS = ['folderPermission', 'readPermission', 'writePermission', 'deletePermission'] as const;

/** The request members every operation of the service shares. */
interface GrantorArgs {
  context?: unknown;
  auth?: unknown;
  user?: unknown;
}

function session(env: ModelEnv, args: GrantorArgs): ContextStore {
  if (!isGiven(args.context)) throw invalidData('Missing context.');
  return authenticateContext(env.options, env.registry, args.context, args.auth).context;
}

function grantorOf(context: ContextStore, args: GrantorArgs): DeputyState {
  const id = typeof args.user === 'number' ? args.user : Number(args.user);
  if (!Number.isInteger(id) || !context.users.has(id))
    throw fault('NoSuchUserException', `No such user ${String(args.user)} in context ${context.id}`);
  let state = context.deputies.get(id);
  if (!state) context.deputies.set(id, (state = { grantorId: id, blocked: false, grants: [] }));
  return state;
}

function grantFrom(
  context: ContextStore,
  grantorId: number,
  permission: Obj | undefined,
): Omit<DeputyGrantRecord, 'deputyId'> {
  if (!permission) throw invalidData('Deputy permission is missing.');
  const userId = int(permission, 'userId');
  if (userId === undefined || !context.users.has(userId)) {
    throw fault('NoSuchUserException', `No such user ${String(userId)} in context ${context.id}`);
  }
  if (userId === grantorId) throw invalidData('A user cannot be his own deputy.');
  const modules: DeputyGrantRecord['modules'] = [];
  for (const m of asObjectList(permission.modulePermissions)) {
    const moduleId = str(m, 'moduleId') ?? '';
    if (!MODULES.has(moduleId)) throw invalidData(`Unknown deputy module "${moduleId}"; use mail or calendar.`);
    const admin = bool(m, 'admin') ?? false;
    const digits = DIGITS.map((d) => int(m, d) ?? 0);
    if (digits.some((d) => d < 0 || d > 128)) throw invalidData(`Invalid permission value for module ${moduleId}.`);
    if (!admin && digits.every((d) => d === 0)) continue;
    modules.push({ moduleId, admin, digits });
  }
  return { userId, sendOnBehalfOf: bool(permission, 'sendOnBehalfOf') ?? false, modules };
}

function toWire(grant: DeputyGrantRecord): OxObject<'DeputyPermission'> {
  return {
    deputyId: grant.deputyId,
    userId: grant.userId,
    sendOnBehalfOf: grant.sendOnBehalfOf,
    modulePermissions: grant.modules.map((m) => ({
      moduleId: m.moduleId,
      admin: m.admin,
      folderPermission: m.digits[0],
      readPermission: m.digits[1],
      writePermission: m.digits[2],
      deletePermission: m.digits[3],
    })),
  };
}

function find(state: DeputyState, deputyId: unknown): DeputyGrantRecord {
  const grant = state.grants.find((g) => g.deputyId === deputyId);
  if (!grant) throw invalidData(`No such deputy permission ${String(deputyId)} of user ${state.grantorId}.`);
  return grant;
}

export const deputyService: ServiceTable<'OXDeputyPermissionsService'> = {
  grant(env, args) {
    const context = session(env, args);
    const state = grantorOf(context, args);
    const grant = grantFrom(context, state.grantorId, asObject(args.deputyPermission));
    if (state.grants.some((g) => g.userId === grant.userId)) {
      throw invalidData(`User ${state.grantorId} already granted deputy permissions to user ${grant.userId}.`);
    }
    // Nothing to grant: OX stores no permission at all (docs/reference/ox-deputy-permissions.md).
    if (grant.modules.length === 0 && !grant.sendOnBehalfOf) return undefined;
    const deputyId = `${state.grantorId}-${grant.userId}-${context.nextAccountId()}`;
    state.grants.push({ ...grant, deputyId });
    return deputyId;
  },
  update(env, args) {
    const context = session(env, args);
    const state = grantorOf(context, args);
    const current = find(state, args.deputyId);
    const next = grantFrom(context, state.grantorId, asObject(args.deputyPermission));
    if (next.userId !== current.userId) throw invalidData('The deputy of a permission cannot be changed.');
    Object.assign(current, next);
    return undefined;
  },
  revoke(env, args) {
    const context = session(env, args);
    const state = grantorOf(context, args);
    find(state, args.deputyId);
    state.grants = state.grants.filter((g) => g.deputyId !== args.deputyId);
    return undefined;
  },
  revokeAll(env, args) {
    grantorOf(session(env, args), args).grants = [];
    return undefined;
  },
  get(env, args) {
    return toWire(find(grantorOf(session(env, args), args), args.deputyId));
  },
  list(env, args) {
    return grantorOf(session(env, args), args).grants.map(toWire);
  },
  blockManual(env, args) {
    grantorOf(session(env, args), args).blocked = true;
    return undefined;
  },
  unblockManual(env, args) {
    grantorOf(session(env, args), args).blocked = false;
    return undefined;
  },
};
