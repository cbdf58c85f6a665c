// Adapter between reconciliation and the functional accounts' planner (functional-accounts/plan.ts desiredAccount,
// planAccount — the code provisioning runs): the (user, login) pairs one directory functional account wants in one
// context, compared with the OX secondary accounts of its address there as if OX's accounts were the stored state.
// OX addresses an account by primary address and user only (docs/reference/ox-secondary-accounts.md), so the
// action's name is the address, and an address no directory object wants is an orphan.
import type { Settings } from '../config/settings.js';
import { UDM_TYPES } from '../model/change.js';
import { normalizeDn } from '../model/dn.js';
import { stringList, type UdmAttributes } from '../model/values.js';
import type { Account } from '../ox/types.js';
import {
  accountAddress,
  desiredAccount,
  pairKey,
  planAccount,
  type AccountOxState,
} from '../provisioning/functional-accounts/plan.js';
import type { ResolvedRef } from '../state/references.js';
import type { IndexedObject, IndexedUser } from './desired-index.js';
import type { DirectoryObject, DesiredSource } from './directory-object.js';
import type { ReconcileAction } from './types.js';

export interface IndexedAccount extends IndexedObject {
  address: string;
}

/** The address of a directory functional account (undefined for other objects). */
export function wantedAccountAddress(obj: DirectoryObject): string | undefined {
  if (obj.udmType !== UDM_TYPES.functionalAccount) return undefined;
  return accountAddress(obj.attrs, `${obj.udmType} ${obj.dn}`);
}

export interface AccountsInContext {
  contextId: number;
  accounts: readonly IndexedAccount[];
  source: DesiredSource;
  settings: Settings;
  usersByDn: ReadonlyMap<string, IndexedUser>;
  /** OX login name → OX id of the context's users (the admin left out). */
  oxUserIds: ReadonlyMap<string, number>;
  /** OXSecondaryAccountService.list of the context. */
  read: readonly Account[];
}

/** OX's accounts of one address in the context as the planner's stored state (null: OX has none). */
function oxState(contextId: number, address: string, read: readonly Account[], want: AccountOxState) {
  const mine = read.filter((a) => String(a.primaryAddress ?? '').toLowerCase() === address);
  if (mine.length === 0) return null;
  // Accounts of one address may differ among users: the first that differs from the directory stands for all.
  const name = mine.find((a) => (a.name ?? address) !== want.name)?.name ?? want.name;
  const personal = mine.find((a) => (a.personal ?? null) !== want.personal)?.personal ?? want.personal;
  const pairs = mine.map((a) => ({ contextId, userId: Number(a.userId), login: String(a.login ?? '') }));
  return { address, name: String(name), personal: personal ?? null, pairs };
}

/** The OX fields that differ: "users" (who has the account), "name", "personal", "login". */
function fieldsThatDiffer(prev: AccountOxState, next: AccountOxState, live: ReadonlySet<string>): string[] {
  const fields = new Set<string>();
  if (prev.personal !== next.personal) fields.add('personal');
  for (const op of planAccount(prev, next, live)) {
    if (op.op === 'create' || op.op === 'delete') fields.add('users');
    else if ('login' in op.data) fields.add('login');
    else if (prev.name !== next.name) fields.add('name');
  }
  return [...fields].sort();
}

/** One action per functional account that differs here, and per orphan address; `unchanged` counts the rest. */
export function accountActions(input: AccountsInContext): { actions: ReconcileAction[]; unchanged: number } {
  const { contextId, source, settings, oxUserIds } = input;
  const oxUsers = new Set(oxUserIds.values());
  // Only accounts of users the connector may touch (the context admin's are left alone).
  const read = input.read.filter((a) => typeof a.userId === 'number' && oxUsers.has(a.userId));
  const live = new Set([...oxUsers].map((userId) => pairKey({ contextId, userId })));
  const actions: ReconcileAction[] = [];
  const wantedAddresses = new Set<string>();
  let unchanged = 0;
  let missingId = 0;
  for (const entry of input.accounts) {
    const obj = source.get(entry.objectId);
    if (!obj) continue;
    wantedAddresses.add(entry.address);
    // Members in this context only, with their OX ids here; one OX lacks gets an id OX has not (a difference).
    const resolved = new Map<string, ResolvedRef>();
    const userAttrs = new Map<string, UdmAttributes>();
    for (const dn of stringList(obj.attrs.users)) {
      const norm = normalizeDn(dn) ?? '';
      const user = input.usersByDn.get(norm);
      if (!user || user.contextId !== contextId) continue;
      const oxId = oxUserIds.get(user.name) ?? --missingId;
      resolved.set(norm, { objectId: user.objectId, udmType: UDM_TYPES.user, dn: user.dn, contextId, oxId });
      userAttrs.set(user.objectId, source.get(user.objectId)?.attrs ?? {});
    }
    const what = `${obj.udmType} ${obj.dn}`;
    const template = settings.functionalAccountLoginTemplate;
    const { state } = desiredAccount(obj.attrs, obj.objectId, resolved, userAttrs, template, what);
    const prev = oxState(contextId, entry.address, read, state);
    const base = { kind: 'functional_account' as const, context: contextId, name: entry.address, dn: entry.dn };
    const strays = (prev?.pairs ?? []).filter((p) => !state.pairs.some((w) => w.userId === p.userId));
    const oxUserIdsToDelete = strays.length > 0 ? { oxUserIds: strays.map((p) => p.userId) } : {};
    if (!prev) {
      if (state.pairs.length > 0) actions.push({ op: 'create', ...base, objectId: entry.objectId });
    } else if (state.pairs.length === 0) {
      actions.push({ op: 'delete', ...base, objectId: entry.objectId, ...oxUserIdsToDelete });
    } else {
      const fields = fieldsThatDiffer(prev, state, live);
      if (fields.length === 0) unchanged++;
      else actions.push({ op: 'change', ...base, fields, objectId: entry.objectId, ...oxUserIdsToDelete });
    }
  }
  const orphans = new Map<string, number[]>();
  for (const a of read) {
    const address = String(a.primaryAddress ?? '').toLowerCase();
    if (wantedAddresses.has(address)) continue;
    orphans.set(address, [...(orphans.get(address) ?? []), a.userId as number]);
  }
  for (const [address, userIds] of orphans)
    actions.push({
      op: 'delete',
      kind: 'functional_account',
      context: contextId,
      name: address,
      orphan: true,
      oxUserIds: userIds,
    });
  return { actions, unchanged };
}
