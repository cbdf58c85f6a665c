// check-sync-status: compares three views of one object — the last directory state the queue delivered (a
// queued change, else the stored one), the state the connector last provisioned, and what OX holds (read over
// SOAP) — and says each difference in plain language. Beside that, the object's planner says what provisioning
// would do about it (sync-plan.ts: a dry run, nothing is executed; decision 0305). Needs no UDM credentials
// (docs/reference/original-connector.md).
import type { AttributeMapping } from '../config/attribute-mapping.js';
import type { Settings } from '../config/settings.js';
import { UDM_TYPES } from '../model/change.js';
import { normalizeDn } from '../model/dn.js';
import { integerValue, isTrueish, stringList, type UdmAttributes } from '../model/values.js';
import { isNotFound, type OxApi } from '../provisioning/ox-port.js';
import { desiredUser } from '../provisioning/users/fields.js';
import type { UserOxState } from '../provisioning/users/index.js';
import type { Context, Group, Resource, User } from '../ox/types.js';
import type { Operation } from '../provisioning/executor/operations.js';
import { resolveRefs } from '../state/references.js';
import type { StateStore, StoredObject } from '../state/store.js';
import type { TaskAdmin } from './task-admin.js';
import { checkFunctionalAccount } from './sync-check-accounts.js';
import { same, show, type Obj } from './sync-values.js';
import {
  planContextCheck,
  planGroupCheck,
  plannedOperation,
  planResourceCheck,
  planUserCheck,
  type PlannedOperation,
  type SyncPlanLookups,
} from './sync-plan.js';

export interface SyncReport {
  dn: string;
  type: string | undefined;
  objectId: string | undefined;
  warnings: string[];
  differences: string[];
  /** What provisioning would do to bring OX in line (planned only, never executed); empty when nothing. */
  plan: PlannedOperation[];
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

const USER_FIELDS_NOT_READ_BACK = new Set(['password', 'language', 'timezone', 'defaultSenderAddress']);

export interface SyncCheckDeps {
  store: StateStore;
  admin: TaskAdmin;
  ox: OxApi;
  settings: Settings;
  mapping: AttributeMapping;
  /** The context admins and access profiles the planner asks for; without them, none is known. */
  contextAdmin?(contextId: number): string | undefined;
  accessProfile?(name: string): Set<string> | undefined;
}

/** What OX reported for the object, as the planner takes it (undefined: not read). */
interface ReadBack {
  user?: User | null;
  context?: Context | null;
  groups?: Map<number, Group>;
  resource?: Resource | null;
}

export async function checkSyncStatus(dn: string, deps: SyncCheckDeps): Promise<SyncReport> {
  const { store, admin } = deps;
  const warnings: string[] = [];
  const diffs: string[] = [];
  const planned: PlannedOperation[] = [];
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
    plan: planned,
    consistent: diffs.length === 0 && planned.length === 0,
    remedy: diffs.length === 0 && planned.length === 0 ? '' : remedy,
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
  const read: ReadBack = {};
  switch (stored.udmType) {
    case UDM_TYPES.user:
      read.user = await checkUser(stored, attrs, deps, diffs);
      break;
    case UDM_TYPES.context:
      read.context = await checkContext(stored, attrs, deps.ox, diffs);
      break;
    case UDM_TYPES.functionalAccount:
      await checkFunctionalAccount(stored, attrs, deps, diffs);
      break;
    default:
      Object.assign(read, await checkByIds(stored, deps, diffs));
  }
  try {
    planned.push(...dryRun(stored, directory, read, deps).map(plannedOperation));
  } catch (err) {
    // The planner refuses what provisioning would park: that is a difference in itself.
    diffs.push(`The connector cannot plan this object: ${(err as Error).message}`);
  }
  return report(stored.udmType, stored.objectId);
}

/** The object's planner, asked what it would do with the directory's last word and what OX reported. */
function dryRun(stored: StoredObject, attrs: UdmAttributes | null, read: ReadBack, deps: SyncCheckDeps): Operation[] {
  const lookups: SyncPlanLookups = {
    mapping: deps.mapping,
    settings: deps.settings,
    contextAdmin: (id) => deps.contextAdmin?.(id),
    accessProfile: (name) => deps.accessProfile?.(name),
  };
  switch (stored.udmType) {
    case UDM_TYPES.user:
      return planUserCheck(stored, attrs, read.user, lookups);
    case UDM_TYPES.context:
      return read.context === undefined ? [] : planContextCheck(stored, attrs, read.context);
    case UDM_TYPES.group:
      if (!read.groups) return [];
      return planGroupCheck(
        stored,
        attrs,
        read.groups,
        resolveRefs(deps.store.db, stringList(attrs?.users)),
        deps.settings,
      );
    case UDM_TYPES.resource:
      return read.resource === undefined ? [] : planResourceCheck(stored, attrs, read.resource);
    default:
      // Functional accounts, access profiles and deputy permissions: compared above, not planned here yet.
      return [];
  }
}

/** Returns OX's record of the user (null: OX has none), or undefined when it was not read. */
async function checkUser(
  stored: StoredObject,
  attrs: UdmAttributes,
  deps: SyncCheckDeps,
  diffs: string[],
): Promise<User | null | undefined> {
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
  let record: User | null = null;
  try {
    record = await deps.ox.call('OXUserService', 'getData', {
      ctx: { id: state.contextId },
      user: typeof state.oxId === 'number' ? { id: state.oxId } : { name: state.oxName },
    });
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  if (!record) {
    diffs.push(
      `OX has no user ${state.oxName} (id ${state.oxId}) in context ${state.contextId}; it was removed in OX or the id cache is stale (ox-connector cache rebuild).`,
    );
    return null;
  }
  const ox: Obj = record;
  if (typeof state.oxId === 'number' && ox.id !== state.oxId)
    diffs.push(`The cached OX id ${state.oxId} is stale: OX has id ${String(ox.id)}; run ox-connector cache rebuild.`);
  const desired = desiredUser(attrs, stored.objectId, deps.mapping, deps.settings, stored.dn);
  for (const [field, want] of Object.entries(desired.fields)) {
    if (USER_FIELDS_NOT_READ_BACK.has(field)) continue;
    if (!same(want, ox[field])) diffs.push(`${field}: the directory says ${show(want)}, OX has ${show(ox[field])}.`);
  }
  return record;
}

/** Returns OX's record of the context (null: OX has none), or undefined when it was not read. */
async function checkContext(
  stored: StoredObject,
  attrs: UdmAttributes,
  ox: OxApi,
  diffs: string[],
): Promise<Context | null | undefined> {
  const id = integerValue(attrs.contextid);
  if (id === undefined) {
    diffs.push(`The context object has no valid contextid (${show(attrs.contextid)}).`);
    return undefined;
  }
  let data: Context | null = null;
  try {
    data = await ox.call('OXContextService', 'getData', { ctx: { id } });
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  if (!data) {
    diffs.push(`OX has no context ${id}.`);
    return null;
  }
  const quota = integerValue(attrs.oxQuota);
  const want = quota ? quota : -1;
  const have = typeof data.maxQuota === 'number' ? data.maxQuota : -1;
  if (want !== have) diffs.push(`maxQuota: the directory says ${want}, OX has ${have}.`);
  return data;
}

const READ_BACK: Record<string, (ox: OxApi, ctx: { id: number }, id: number) => Promise<Obj | null>> = {
  group: (ox, ctx, id) => ox.call('OXGroupService', 'getData', { ctx, grp: { id } }),
  resource: (ox, ctx, id) => ox.call('OXResourceService', 'getData', { ctx, res: { id } }),
};

/**
 * Groups, resources and other types: every OX object the connector recorded must exist under its name. Returns
 * what OX holds of them: groups per context, the resource (null: none).
 */
async function checkByIds(stored: StoredObject, deps: SyncCheckDeps, diffs: string[]): Promise<ReadBack> {
  const read: ReadBack = { groups: new Map(), resource: null };
  const rows = deps.store.oxIdsOf(stored.objectId);
  const wanted = stored.udmType === UDM_TYPES.group ? isTrueish(stored.attrs.isOxGroup) : true;
  if (rows.length === 0) {
    if (wanted)
      diffs.push(`The connector has no OX object recorded for this ${stored.udmType}; it is not in OX (or not yet).`);
    return read;
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
    if (row.kind === 'group') read.groups?.set(row.contextId, data);
    if (row.kind === 'resource') read.resource = data;
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
  return read;
}
