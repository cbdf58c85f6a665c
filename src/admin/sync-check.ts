// check-sync-status: compares three views of one object — the last directory state the queue delivered (a
// queued change, else the stored one), the state the connector last provisioned, and what OX holds (read over
// SOAP) — and says each difference in plain language. Needs no UDM credentials (docs/reference/original-connector.md).
import type { AttributeMapping } from '../config/attribute-mapping.js';
import type { Settings } from '../config/settings.js';
import { UDM_TYPES } from '../model/change.js';
import { normalizeDn } from '../model/dn.js';
import { integerValue, isTrueish, singleString, stringList, type UdmAttributes } from '../model/values.js';
import { isNotFound, type OxApi } from '../provisioning/ox-port.js';
import { desiredUser } from '../provisioning/users/fields.js';
import type { UserOxState } from '../provisioning/users/index.js';
import { resolveRefs } from '../state/references.js';
import type { StateStore, StoredObject } from '../state/store.js';
import type { TaskAdmin } from './task-admin.js';

export interface SyncReport {
  dn: string;
  type: string | undefined;
  objectId: string | undefined;
  warnings: string[];
  differences: string[];
  consistent: boolean;
  /** What the administrator can do about the differences, as a command that works for this object. */
  remedy: string;
}

/** Quotes a word for a POSIX shell, so a suggested command line can be pasted as it is (DNs hold spaces). */
function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * How to provision an object the connector has no stored state for. `--resync` and a plain `tasks reprovision`
 * replay the stored state, so neither can help; the UCS listener trigger needs the entryUUID and the UDM type,
 * which only the directory knows (manual Listing 6.3), so the hint says where to read them.
 */
export function provisionFromDirectoryHint(dn: string): string {
  const q = shellQuote(dn);
  return (
    `Provision it from the directory: on the UCS host run ` +
    `ox-connector tasks reprovision ${q} --trigger --entry-uuid <entryUUID> --type-of <univentionObjectType> ` +
    `(read both values with: univention-ldapsearch -LLL -b ${q} -s base entryUUID univentionObjectType), ` +
    `or change the object in the directory so that its next change is queued.`
  );
}

const RESYNC_REMEDY = 'Re-provision the object with --resync.';

type Obj = Record<string, unknown>;

function show(v: unknown): string {
  if (v === undefined || v === null || v === '') return '(empty)';
  return typeof v === 'string' ? `"${v}"` : JSON.stringify(v);
}

function same(a: unknown, b: unknown): boolean {
  const norm = (v: unknown): unknown => {
    if (v === undefined || v === null || v === '') return null;
    if (Array.isArray(v)) return v.map((x) => String(x).toLowerCase()).sort();
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    return String(v);
  };
  return JSON.stringify(norm(a)) === JSON.stringify(norm(b));
}

const USER_FIELDS_NOT_READ_BACK = new Set(['password', 'language', 'timezone', 'defaultSenderAddress']);

export async function checkSyncStatus(
  dn: string,
  deps: { store: StateStore; admin: TaskAdmin; ox: OxApi; settings: Settings; mapping: AttributeMapping },
): Promise<SyncReport> {
  const { store, admin } = deps;
  const warnings: string[] = [];
  const diffs: string[] = [];
  const health = store.health();
  if ((health.errors ?? '0') !== '0')
    warnings.push(`Warning: The OX Connector is not properly working: ${health.message ?? 'see the log'}`);
  const norm = normalizeDn(dn);
  const queued = admin.list().filter((i) => i.dn !== null && normalizeDn(i.dn) === norm);
  const stored = store.getObjectByDn(dn);
  const report = (type?: string, objectId?: string, remedy = RESYNC_REMEDY): SyncReport => ({
    dn,
    type,
    objectId,
    warnings,
    differences: diffs,
    consistent: diffs.length === 0,
    remedy: diffs.length === 0 ? '' : remedy,
  });
  for (const q of queued) {
    warnings.push(
      `Warning: ${q.files.length} change(s) of this object are still queued (${q.status}${q.error ? `: ${q.error}` : ''}); OX may lag behind until they are processed.`,
    );
  }
  if (!stored) {
    // Nothing stored: --resync (which replays the stored state) cannot help, so it is not suggested.
    let remedy: string;
    if (queued.length > 0) {
      diffs.push('The object is queued but was never provisioned yet.');
      remedy = `It is provisioned when the connector reaches its queued change; see ox-connector tasks show ${shellQuote(dn)}.`;
    } else {
      diffs.push('The connector has never provisioned this DN (or it was removed from the cache).');
      remedy = provisionFromDirectoryHint(dn);
    }
    return report(queued[0]?.type ?? undefined, queued[0]?.objectId ?? undefined, remedy);
  }
  // The directory's last word: the newest queued state, else what was provisioned.
  let directory: UdmAttributes | null = stored.attrs;
  const q = queued.find((i) => i.objectId === stored.objectId);
  if (q) {
    const latest = admin.queue
      .scan()
      .records.filter((r) => r.objectId === stored.objectId)
      .pop();
    if (latest) directory = latest.attributes;
    if (directory === null) diffs.push('The directory deleted the object; the deletion is still queued.');
    else if (JSON.stringify(directory) !== JSON.stringify(stored.attrs))
      diffs.push('The directory state differs from the provisioned one (a queued change is not provisioned yet).');
  }
  const attrs = directory ?? stored.attrs;
  switch (stored.udmType) {
    case UDM_TYPES.user:
      await checkUser(stored, attrs, deps, diffs);
      break;
    case UDM_TYPES.context:
      await checkContext(stored, attrs, deps.ox, diffs);
      break;
    case UDM_TYPES.functionalAccount:
      await checkFunctionalAccount(stored, attrs, deps, diffs);
      break;
    default:
      await checkByIds(stored, deps, diffs);
  }
  return report(stored.udmType, stored.objectId);
}

async function checkUser(
  stored: StoredObject,
  attrs: UdmAttributes,
  deps: Parameters<typeof checkSyncStatus>[1],
  diffs: string[],
) {
  const state = stored.oxState as UserOxState | null;
  const wantsOx = isTrueish(attrs.isOxUser);
  if (!wantsOx) {
    if (state?.oxId !== undefined && state?.oxId !== null)
      diffs.push(
        `The directory says this is no OX user (isOxUser), but the connector still knows OX user ${state.oxId}.`,
      );
    return;
  }
  const ctx = integerValue(attrs.oxContext) ?? state?.contextId;
  if (ctx === undefined) {
    diffs.push('The user has no oxContext; it cannot be provisioned. Give it a context.');
    return;
  }
  if (!state) {
    diffs.push(`The user is meant to be in OX context ${ctx} but was never provisioned there.`);
    return;
  }
  if (state.contextId !== ctx)
    diffs.push(
      `The directory puts the user in context ${ctx}, the connector provisioned it in context ${state.contextId}.`,
    );
  let ox: Obj | undefined;
  try {
    ox = (await deps.ox.call('OXUserService', 'getData', {
      ctx: { id: state.contextId },
      user: typeof state.oxId === 'number' ? { id: state.oxId } : { name: state.oxName },
    })) as Obj;
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  if (!ox) {
    diffs.push(
      `OX has no user ${state.oxName} (id ${state.oxId}) in context ${state.contextId}; it was removed in OX or the id cache is stale (ox-connector cache rebuild).`,
    );
    return;
  }
  if (typeof state.oxId === 'number' && ox.id !== state.oxId)
    diffs.push(`The cached OX id ${state.oxId} is stale: OX has id ${String(ox.id)}; run ox-connector cache rebuild.`);
  const desired = desiredUser(attrs, stored.objectId, deps.mapping, deps.settings, stored.dn);
  for (const [field, want] of Object.entries(desired.fields)) {
    if (USER_FIELDS_NOT_READ_BACK.has(field)) continue;
    if (!same(want, ox[field])) diffs.push(`${field}: the directory says ${show(want)}, OX has ${show(ox[field])}.`);
  }
}

async function checkContext(stored: StoredObject, attrs: UdmAttributes, ox: OxApi, diffs: string[]) {
  const id = integerValue(attrs.contextid);
  if (id === undefined) {
    diffs.push(`The context object has no valid contextid (${show(attrs.contextid)}).`);
    return;
  }
  let data: Obj | undefined;
  try {
    data = (await ox.call('OXContextService', 'getData', { ctx: { id } })) as Obj;
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  if (!data) {
    diffs.push(`OX has no context ${id}.`);
    return;
  }
  const quota = integerValue(attrs.oxQuota);
  const want = quota ? quota : -1;
  const have = typeof data.maxQuota === 'number' ? data.maxQuota : -1;
  if (want !== have) diffs.push(`maxQuota: the directory says ${want}, OX has ${have}.`);
}

const READ_BACK: Record<string, (ox: OxApi, ctx: { id: number }, id: number) => Promise<Obj | null>> = {
  group: (ox, ctx, id) => ox.call('OXGroupService', 'getData', { ctx, grp: { id } }),
  resource: (ox, ctx, id) => ox.call('OXResourceService', 'getData', { ctx, res: { id } }),
};

/** Groups, resources and other types: every OX object the connector recorded must exist under its name. */
async function checkByIds(stored: StoredObject, deps: Parameters<typeof checkSyncStatus>[1], diffs: string[]) {
  const rows = deps.store.oxIdsOf(stored.objectId);
  const wanted = stored.udmType === UDM_TYPES.group ? isTrueish(stored.attrs.isOxGroup) : true;
  if (rows.length === 0) {
    if (wanted)
      diffs.push(`The connector has no OX object recorded for this ${stored.udmType}; it is not in OX (or not yet).`);
    return;
  }
  for (const row of rows) {
    const readBack = READ_BACK[row.kind];
    if (!readBack) continue;
    let data: Obj | null | undefined;
    try {
      data = await readBack(deps.ox, { id: row.contextId }, row.oxId);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    if (!data) {
      diffs.push(`OX has no ${row.kind} ${row.oxName ?? ''} (id ${row.oxId}) in context ${row.contextId} any more.`);
      continue;
    }
    if (row.oxName && data.name !== undefined && !same(row.oxName, data.name))
      diffs.push(
        `${row.kind} ${row.oxId} in context ${row.contextId}: the connector named it "${row.oxName}", OX has "${String(data.name)}".`,
      );
    if (row.kind === 'group') {
      const members = deps.store.oxIdsByDns(stringList(stored.attrs.users), row.contextId, 'user');
      const want = [...members.values()].map((m) => m.oxId).sort((a, b) => a - b);
      const have = (Array.isArray(data.members) ? (data.members as number[]) : []).slice().sort((a, b) => a - b);
      if (JSON.stringify(want) !== JSON.stringify(have))
        diffs.push(
          `group members in context ${row.contextId}: the directory implies OX users ${JSON.stringify(want)}, OX has ${JSON.stringify(have)}.`,
        );
    }
  }
}

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
async function checkFunctionalAccount(
  stored: StoredObject,
  attrs: UdmAttributes,
  deps: Parameters<typeof checkSyncStatus>[1],
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
