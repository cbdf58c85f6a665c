// Pure planning for oxmail/functional_account: the (context, user, login) pairs the account should have in OX, and
// the fewest secondary-account operations from the stored pairs to those. Only pairs that changed cost calls: an
// added member = 1 create, removed members = 1 delete per context, a changed login = 1 update, a changed name or
// personal part = 1 update per context; nothing changed = none. Pairs whose user OX deleted (deleted, switched off,
// moved away) went with the user in OX: they are neither deleted nor updated.
import { normalizeDn } from '../../model/dn.js';
import { singleString, stringList, type UdmAttributes } from '../../model/values.js';
import type { ResolvedRef } from '../../state/references.js';
import type { FunctionalAccountOperation } from '../executor/functional-accounts.js';
import { PermanentError } from '../types.js';
import { objectIdentifier, renderLogin } from './login.js';

export interface Pair {
  contextId: number;
  userId: number;
  login: string;
}

/** Stored oxState of a functional account. */
export interface AccountOxState {
  address: string;
  name: string;
  personal: string | null;
  pairs: Pair[];
}

export const pairKey = (p: { contextId: number; userId: number }) => `${p.contextId}:${p.userId}`;

export interface DesiredAccount {
  state: AccountOxState;
  /** Member DNs not provisioned yet: the account is re-planned when they arrive. */
  waiting: string[];
}

/** The account's mail address (lower-case), with a clear error when it has none. */
export function accountAddress(attrs: UdmAttributes, what: string): string {
  const address = singleString(attrs.mailPrimaryAddress)?.toLowerCase();
  if (!address) throw new PermanentError(`Cannot provision ${what}: it has no mailPrimaryAddress; set one.`);
  return address;
}

/**
 * The account as the directory object wants it. `resolved` maps the members' normalised DNs to stored objects,
 * `userAttrs` the attributes of the members that are OX users (by object id).
 */
export function desiredAccount(
  attrs: UdmAttributes,
  objectId: string,
  resolved: ReadonlyMap<string, ResolvedRef>,
  userAttrs: ReadonlyMap<string, UdmAttributes>,
  loginTemplate: string,
  what: string,
): DesiredAccount {
  const address = accountAddress(attrs, what);
  const state: AccountOxState = {
    address,
    name: singleString(attrs.name) ?? address,
    personal: singleString(attrs.personal) ?? null,
    pairs: [],
  };
  const waiting: string[] = [];
  const seen = new Set<string>();
  for (const dn of stringList(attrs.users)) {
    const ref = resolved.get(normalizeDn(dn) ?? '');
    if (!ref) {
      waiting.push(dn);
      continue;
    }
    // Known but not an OX user: no account in OX, like the original.
    if (ref.contextId === undefined || ref.oxId === undefined) continue;
    const user = userAttrs.get(ref.objectId) ?? {};
    const login = renderLogin(loginTemplate, {
      faId: objectIdentifier(attrs, objectId),
      faAddress: address,
      userId: objectIdentifier(user, ref.objectId),
      userDn: ref.dn,
      userAttrs: user,
      what,
    });
    const pair = { contextId: ref.contextId, userId: ref.oxId, login };
    if (!seen.has(pairKey(pair))) state.pairs.push(pair);
    seen.add(pairKey(pair));
  }
  return { state, waiting };
}

function byContext<T extends { contextId: number }>(items: T[]): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const item of items) {
    const list = out.get(item.contextId) ?? [];
    list.push(item);
    out.set(item.contextId, list);
  }
  return out;
}

/** One delete per context, of the pairs whose user OX still has (`live`, by pairKey). */
function deletes(address: string, pairs: Pair[], live: ReadonlySet<string>): FunctionalAccountOperation[] {
  return [...byContext(pairs.filter((p) => live.has(pairKey(p))))].map(([contextId, list]) => ({
    type: 'functional-account',
    op: 'delete',
    address,
    contextId,
    userIds: list.map((p) => p.userId),
  }));
}

function create(state: AccountOxState, pair: Pair): FunctionalAccountOperation {
  const { address, name, personal } = state;
  return { type: 'functional-account', op: 'create', address, name, personal, pair };
}

/**
 * From what OX holds (`previous`, as stored; null/undefined = nothing) to `next` (null = the account is gone).
 * `live` holds the pairKeys whose user OX still has in that context, for previous and next pairs.
 */
export function planAccount(
  previous: AccountOxState | null | undefined,
  next: AccountOxState | null,
  live: ReadonlySet<string>,
): FunctionalAccountOperation[] {
  if (next === null) return previous ? deletes(previous.address, previous.pairs, live) : [];
  const address = next.address;
  // `update` cannot remove a personal part, so clearing it re-creates the accounts without one, which is what the
  // original's delete-and-create leaves in OX; a new address is a different mailbox: replace every pair.
  const personalCleared = !!previous && previous.personal !== null && next.personal === null;
  if (previous && (previous.address !== address || personalCleared)) {
    return [...deletes(previous.address, previous.pairs, live), ...next.pairs.map((p) => create(next, p))];
  }
  const before = new Map((previous?.pairs ?? []).map((p) => [pairKey(p), p]));
  const after = new Set(next.pairs.map(pairKey));
  const ops = deletes(
    address,
    [...before.values()].filter((p) => !after.has(pairKey(p))),
    live,
  );
  const kept = next.pairs.filter((p) => before.has(pairKey(p)) && live.has(pairKey(p)));
  if (previous && (previous.name !== next.name || previous.personal !== next.personal)) {
    const data = { name: next.name, ...(next.personal !== null ? { personal: next.personal } : {}) };
    for (const [contextId, list] of byContext(kept)) {
      ops.push({
        type: 'functional-account',
        op: 'update',
        address,
        contextId,
        userIds: list.map((p) => p.userId),
        data,
      });
    }
  }
  for (const p of kept) {
    if (before.get(pairKey(p))?.login !== p.login) {
      ops.push({
        type: 'functional-account',
        op: 'update',
        address,
        contextId: p.contextId,
        userIds: [p.userId],
        data: { login: p.login },
      });
    }
  }
  for (const p of next.pairs) if (!before.has(pairKey(p)) || !live.has(pairKey(p))) ops.push(create(next, p));
  return ops;
}
