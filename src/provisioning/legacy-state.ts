// Turns the Python connector's last provisioned states (listener/old/*.json, see sources/legacy) into what the
// handlers of this connector would have stored had they provisioned the object: attributes, the per-type OX
// state and the OX ids. Then the next queued change of an imported object is a modify or delete of the right OX
// object, never a second create (decision 0140).
//
// What the old files carry: users their OX id (oxDbId), login (oxDbUsername) and context; groups their OX name
// (oxDbGroupname) but no id; resources and functional accounts nothing. The original looked group and resource
// ids up by name on every change, so the import does the same once, over SOAP (`ox`). Without OX (`--offline`)
// those objects are imported without ids and adopted by name at their next change (repeat-safe create, 0025).
import { UDM_TYPES, type ChangeRecord } from '../model/change.js';
import { normalizeDn } from '../model/dn.js';
import { integerValue, isOkOrTrue, isTrueish, singleString, stringList, type UdmAttributes } from '../model/values.js';
import type { Settings } from '../config/settings.js';
import type { StoreChange } from '../state/store.js';
import { renderLogin } from './functional-accounts/login.js';
import { groupName, isReservedGroupName, type GroupInContext, type GroupOxState } from './groups/plan.js';
import { isNotFound, type OxApi } from './ox-port.js';
import { describe } from './types.js';
import type { UserOxState } from './users/index.js';

/** Keys the Python connector added to the UDM properties in its old files; they are OX facts, not UDM ones. */
export const LEGACY_ENRICHMENT_KEYS = ['oxDbId', 'oxDbUsername', 'oxDbGroupname', 'oxDbName'] as const;

export interface LegacyImportItem {
  record: ChangeRecord;
  change: StoreChange;
  /** What the administrator should know about this object (e.g. "no OX id: looked up at its next change"). */
  notes: string[];
}

export type LegacyProblem = { source: string; dn?: string; reason: string };

/** An old file: its identity, and its full record on demand (so thousands are not held in memory). */
export interface LegacyEntryRef {
  objectId: string;
  udmType: string;
  dn: string;
  source: string;
  load(): ChangeRecord;
}

export interface LegacyPlanDeps {
  settings: Pick<Settings, 'defaultContext' | 'groupIdentifier' | 'functionalAccountLoginTemplate' | 'userIdentifier'>;
  /** OX, to look up ids the old files lack; undefined = offline import. */
  ox?: OxApi;
}

const ORDER: string[] = [
  UDM_TYPES.context,
  UDM_TYPES.accessProfile,
  UDM_TYPES.user,
  UDM_TYPES.group,
  UDM_TYPES.functionalAccount,
  UDM_TYPES.resource,
];

/** What groups and functional accounts need of an imported user; its attributes are read again on demand. */
interface UserRef {
  objectId: string;
  dn: string;
  entry: LegacyEntryRef;
  contextId?: number;
  oxId?: number;
}

function withoutEnrichment(attrs: UdmAttributes): UdmAttributes {
  const out = { ...attrs };
  for (const key of LEGACY_ENRICHMENT_KEYS) delete out[key];
  return out;
}

function stored(record: ChangeRecord, oxState: Record<string, unknown> | null) {
  return {
    objectId: record.objectId,
    udmType: record.udmType,
    dn: record.dn,
    attrs: withoutEnrichment(record.attributes ?? {}),
    oxState,
  };
}

/** An OX lookup by name that answers undefined for "not there" and lets every other error through. */
async function unlessNotFound<T>(lookup: Promise<T>): Promise<T | undefined> {
  try {
    return await lookup;
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/**
 * Plans every entry in phase order (contexts, profiles, users, then what names users) and hands each planned
 * item to `onItem` at once (the caller records it), so memory holds one object at a time plus a small index of
 * users. Returns what could not be imported, and why.
 */
export async function planLegacyImport(
  entries: LegacyEntryRef[],
  deps: LegacyPlanDeps,
  onItem: (item: LegacyImportItem) => void,
): Promise<LegacyProblem[]> {
  const problems: LegacyProblem[] = [];
  const users = new Map<string, UserRef>();
  const sorted = entries
    .filter((e) => {
      if (ORDER.includes(e.udmType)) return true;
      problems.push({ source: e.source, dn: e.dn, reason: `unknown object type ${e.udmType}; not imported` });
      return false;
    })
    .sort((a, b) => ORDER.indexOf(a.udmType) - ORDER.indexOf(b.udmType));

  for (const entry of sorted) {
    try {
      const item = await planOne(entry, deps, users);
      if ('reason' in item) problems.push(item);
      else onItem(item);
    } catch (err) {
      problems.push({
        source: entry.source,
        dn: entry.dn,
        reason: `${(err as Error).message}; not imported (run the import again when this is fixed)`,
      });
    }
  }
  return problems;
}

type Planned = LegacyImportItem | { source: string; dn: string; reason: string };

async function planOne(entry: LegacyEntryRef, deps: LegacyPlanDeps, users: Map<string, UserRef>): Promise<Planned> {
  const record = entry.load();
  const attrs = record.attributes ?? {};
  const notes: string[] = [];
  const what = describe(record);
  const item = (change: Omit<StoreChange, 'objectId'>): LegacyImportItem => ({
    record,
    change: { objectId: record.objectId, ...change },
    notes,
  });

  switch (record.udmType) {
    case UDM_TYPES.context: {
      const id = integerValue(attrs.contextid);
      if (id === undefined || id <= 0) {
        return {
          source: record.source,
          dn: record.dn,
          reason: `contextid ${JSON.stringify(attrs.contextid)} is not a positive integer; not imported`,
        };
      }
      const quota = integerValue(attrs.oxQuota);
      const name = singleString(attrs.name) || `context${id}`;
      return item({
        object: stored(record, { contextId: id, maxQuota: quota ? quota : -1, name }),
        oxIds: [{ contextId: id, kind: 'context', oxId: id, oxName: name }],
      });
    }

    case UDM_TYPES.accessProfile:
      return item({ object: stored(record, null) });

    case UDM_TYPES.user: {
      const contextId = integerValue(attrs.oxContext);
      const ref: UserRef = { objectId: record.objectId, dn: record.dn, entry, contextId };
      users.set(normalizeDn(record.dn) ?? record.dn, ref);
      if (!isOkOrTrue(attrs.isOxUser) || contextId === undefined)
        return item({ object: stored(record, null), oxIds: [] });
      const login = singleString(attrs.oxDbUsername) ?? singleString(attrs.username) ?? '';
      let oxId = integerValue(attrs.oxDbId);
      if (oxId === undefined && deps.ox && login) {
        const found = await unlessNotFound(
          deps.ox.call('OXUserService', 'getData', { ctx: { id: contextId }, user: { name: login } }),
        );
        oxId = typeof found?.id === 'number' ? found.id : undefined;
        notes.push(
          oxId === undefined
            ? `no OX user ${login} in context ${contextId}: created at its next change`
            : `OX id ${oxId} looked up by name`,
        );
      } else if (oxId === undefined) {
        notes.push('no OX id in the old file: looked up by name (adopted) at its next change');
      }
      if (oxId === undefined) return item({ object: stored(record, null), oxIds: [] });
      ref.oxId = oxId;
      // `fields: {}` makes the first change after the import send every field (as the original always did), so
      // whatever OX holds is brought in line; later changes send only differences. Module access likewise.
      const oxState: UserOxState = { contextId, oxId, oxName: login, fields: {}, access: null };
      return item({
        object: stored(record, { ...oxState }),
        oxIds: [{ contextId, kind: 'user', oxId, oxName: login }],
      });
    }

    case UDM_TYPES.group: {
      const memberDns = stringList(attrs.users);
      const base = {
        object: stored(record, { contexts: {} } satisfies GroupOxState),
        oxIds: [],
        memberRefs: memberDns,
      };
      if (!isTrueish(attrs.isOxGroup)) return item(base);
      const name =
        singleString(attrs.oxDbGroupname) ?? groupName(attrs, record.objectId, deps.settings.groupIdentifier, what);
      if (isReservedGroupName(name)) return item(base);
      const contexts = new Map<number, number[]>();
      for (const dn of memberDns) {
        const user = users.get(normalizeDn(dn) ?? dn);
        if (user?.contextId === undefined || user.oxId === undefined) continue;
        const list = contexts.get(user.contextId) ?? [];
        list.push(user.oxId);
        contexts.set(user.contextId, list);
      }
      if (!deps.ox) {
        if (contexts.size > 0) notes.push(`offline: the OX group ${name} is adopted by name at its next change`);
        return item(base);
      }
      const state: GroupOxState = { contexts: {} };
      const oxIds: NonNullable<StoreChange['oxIds']> = [];
      for (const [ctx, members] of [...contexts].sort((a, b) => a[0] - b[0])) {
        const found = await unlessNotFound(
          deps.ox.call('OXGroupService', 'getData', { ctx: { id: ctx }, grp: { name } }),
        );
        if (typeof found?.id !== 'number') {
          notes.push(`no OX group ${name} in context ${ctx}: created at its next change`);
          continue;
        }
        const oxMembers = Array.isArray(found.members) ? found.members : members;
        const inContext: GroupInContext = { oxId: found.id, name, members: [...oxMembers].sort((a, b) => a - b) };
        state.contexts[String(ctx)] = inContext;
        oxIds.push({ contextId: ctx, kind: 'group', oxId: found.id, oxName: name });
      }
      return item({ object: stored(record, { ...state }), oxIds, memberRefs: memberDns });
    }

    case UDM_TYPES.functionalAccount: {
      const userDns = stringList(attrs.users);
      const address = singleString(attrs.mailPrimaryAddress)?.toLowerCase();
      if (!address) return item({ object: stored(record, null), memberRefs: userDns });
      // The original created one secondary account per member with a cached OX id; so do we record them.
      const pairs: { contextId: number; userId: number; login: string }[] = [];
      for (const dn of userDns) {
        const user = users.get(normalizeDn(dn) ?? dn);
        if (user?.contextId === undefined || user.oxId === undefined) continue;
        const login = renderLogin(deps.settings.functionalAccountLoginTemplate, {
          faId: record.objectId,
          faAddress: address,
          userId: user.objectId,
          userDn: user.dn,
          userAttrs: withoutEnrichment(user.entry.load().attributes ?? {}),
          what,
        });
        if (!pairs.some((p) => p.contextId === user.contextId && p.userId === user.oxId))
          pairs.push({ contextId: user.contextId, userId: user.oxId, login });
      }
      const state = {
        address,
        name: singleString(attrs.name) ?? address,
        personal: singleString(attrs.personal) ?? null,
        pairs,
      };
      return item({ object: stored(record, state), memberRefs: userDns });
    }

    case UDM_TYPES.resource: {
      const contextId = integerValue(attrs.oxContext) ?? deps.settings.defaultContext;
      const name = singleString(attrs.name);
      const email = singleString(attrs.resourceMailAddress);
      if (!name || !email) return item({ object: stored(record, null), oxIds: [] });
      const fields = {
        name,
        displayname: singleString(attrs.displayname) || name,
        email,
        description: singleString(attrs.description) ?? '',
      };
      if (!deps.ox) {
        notes.push(`offline: the OX resource ${name} is adopted by name at its next change`);
        return item({ object: stored(record, null), oxIds: [] });
      }
      const found = await unlessNotFound(
        deps.ox.call('OXResourceService', 'getData', { ctx: { id: contextId }, res: { name } }),
      );
      if (typeof found?.id !== 'number') {
        notes.push(`no OX resource ${name} in context ${contextId}: created at its next change`);
        return item({ object: stored(record, null), oxIds: [] });
      }
      return item({
        object: stored(record, { contextId, oxId: found.id, fields }),
        oxIds: [{ contextId, kind: 'resource', oxId: found.id, oxName: name }],
      });
    }
  }
  return { source: record.source, dn: record.dn, reason: `unknown object type ${record.udmType}; not imported` };
}
