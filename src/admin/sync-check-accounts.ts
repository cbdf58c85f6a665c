// check-sync-status for functional accounts: their OX secondary accounts read back per context and compared with
// the directory (members, name, personal part, login).
import type { UdmAttributes } from '../model/values.js';
import { singleString, stringList } from '../model/values.js';
import { resolveRefs } from '../state/references.js';
import type { OxApi } from '../provisioning/ox-port.js';
import type { StateStore, StoredObject } from '../state/store.js';
import { same, show, type Obj } from './sync-values.js';

interface AccountPair {
  contextId: number;
  userId: number;
  login: string;
}

/**
 * Functional accounts: one OX secondary account per member user (docs/reference/original-connector.md). Read back per
 * context with one OXSecondaryAccountService.list for all member users there: every member the directory names must
 * have the account with the right name, personal part and login; a user no longer named must not have it.
 */
export async function checkFunctionalAccount(
  stored: StoredObject,
  attrs: UdmAttributes,
  deps: { store: StateStore; ox: OxApi },
  diffs: string[],
) {
  const state = stored.oxState as { address?: string; pairs?: AccountPair[] } | null;
  const address = (singleString(attrs.mailPrimaryAddress) ?? state?.address)?.toLowerCase();
  if (!address) {
    diffs.push('The functional account has no mailPrimaryAddress; it cannot be provisioned. Give it one.');
    return;
  }
  const name = singleString(attrs.name) ?? address;
  const personal = singleString(attrs.personal) ?? null;
  const logins = new Map((state?.pairs ?? []).map((p) => [`${p.contextId}:${p.userId}`, p.login]));
  const wanted = new Map<string, { contextId: number; userId: number; dn: string }>();
  for (const ref of resolveRefs(deps.store.db, stringList(attrs.users)).values()) {
    if (ref.contextId === undefined || ref.oxId === undefined) continue;
    wanted.set(`${ref.contextId}:${ref.oxId}`, { contextId: ref.contextId, userId: ref.oxId, dn: ref.dn });
  }
  const formerOnly = (state?.pairs ?? []).filter((p) => !wanted.has(`${p.contextId}:${p.userId}`));
  const users = new Map<number, Set<number>>();
  for (const p of [...wanted.values(), ...formerOnly]) {
    users.set(p.contextId, (users.get(p.contextId) ?? new Set()).add(p.userId));
  }
  for (const [contextId, ids] of [...users].sort((a, b) => a[0] - b[0])) {
    const accounts = ((await deps.ox.call('OXSecondaryAccountService', 'list', {
      context: { id: contextId },
      users: [...ids].sort((a, b) => a - b).map((id) => ({ id })),
      groups: [],
    })) ?? []) as Obj[];
    const byUser = new Map<number, Obj>();
    for (const a of accounts) {
      if (String(a.primaryAddress ?? '').toLowerCase() === address && typeof a.userId === 'number')
        byUser.set(a.userId, a);
    }
    for (const userId of [...ids].sort((a, b) => a - b)) {
      const key = `${contextId}:${userId}`;
      const want = wanted.get(key);
      const have = byUser.get(userId);
      if (!want) {
        if (have)
          diffs.push(
            `OX user ${userId} in context ${contextId} still has ${address}, but the directory no longer names that user.`,
          );
        continue;
      }
      if (!have) {
        diffs.push(
          `${want.dn} (OX user ${userId} in context ${contextId}) lacks the functional account ${address} in OX.`,
        );
        continue;
      }
      if (!same(name, have.name))
        diffs.push(`${address} of OX user ${userId}: name should be ${show(name)}, OX has ${show(have.name)}.`);
      if (!same(personal, have.personal))
        diffs.push(
          `${address} of OX user ${userId}: personal should be ${show(personal)}, OX has ${show(have.personal)}.`,
        );
      const login = logins.get(key);
      if (login !== undefined && !same(login, have.login))
        diffs.push(`${address} of OX user ${userId}: login should be ${show(login)}, OX has ${show(have.login)}.`);
    }
  }
  if (wanted.size === 0 && stringList(attrs.users).length > 0)
    diffs.push('None of the users the functional account names is provisioned in OX yet.');
}
