// Authentication as OX does it (docs/reference/ox-soap-contract.md): the master admin for context, util and user-copy
// calls; the context's admin for everything inside a context. Failures never reveal whether a context exists.
import { authenticationFailed, fault, permissionDenied } from './faults.js';
import type { OxModelOptions } from './options.js';
import type { ContextStore, Registry, UserRecord } from './store.js';
import { asObject, idOf, str, type Obj } from './values.js';

export function requireMaster(options: OxModelOptions, auth: unknown): void {
  const credentials = asObject(auth);
  // A missing auth element is treated as empty credentials, which then fail like wrong ones.
  const login = str(credentials, 'login') ?? '';
  const password = str(credentials, 'password') ?? '';
  if (login !== options.masterAdmin || password !== options.masterPassword) throw authenticationFailed();
}

export function isMaster(options: OxModelOptions, auth: unknown): boolean {
  const credentials = asObject(auth);
  return str(credentials, 'login') === options.masterAdmin && str(credentials, 'password') === options.masterPassword;
}

/** Who is calling a context-level service. */
export type Caller = { role: 'admin' } | { role: 'user'; user: UserRecord };

/** The `ctx`/`context` argument as a context id, or the OX fault for a missing one. */
export function contextIdArg(ctxArg: unknown): number {
  const id = idOf(asObject(ctxArg));
  if (id === undefined) throw fault('InvalidCredentialsException', 'Client sent invalid context data object');
  return id;
}

/**
 * Context-admin authentication. A context that does not exist answers "Authentication failed" like a wrong
 * password. A normal user of the context authenticates as 'user' only where `allowUser` says so (user
 * change/getData on himself); everywhere else such credentials fail.
 */
export function authenticateContext(
  options: OxModelOptions,
  registry: Registry,
  ctxArg: unknown,
  auth: unknown,
  allowUser = false,
): { context: ContextStore; caller: Caller } {
  const contextId = contextIdArg(ctxArg);
  const context = registry.contexts.get(contextId);
  if (!context) throw authenticationFailed();
  const credentials = asObject(auth) as Obj | undefined;
  const login = str(credentials, 'login') ?? '';
  const password = str(credentials, 'password') ?? '';
  if (options.masterAccountOverride && login === options.masterAdmin && password === options.masterPassword) {
    return { context, caller: { role: 'admin' } };
  }
  const user = context.userByName(login);
  if (!user || user.name !== login || user.password !== password) throw authenticationFailed();
  if (user.contextAdmin) return { context, caller: { role: 'admin' } };
  if (allowUser) return { context, caller: { role: 'user', user } };
  throw authenticationFailed();
}

/** A normal user may only read or change himself. */
export function requireSelfOrAdmin(caller: Caller, target: UserRecord): void {
  if (caller.role === 'user' && caller.user.id !== target.id) throw permissionDenied();
}
