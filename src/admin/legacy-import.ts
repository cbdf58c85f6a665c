// import-legacy: records the Python connector's last provisioned states in the store, so the queue the Python
// connector left continues here as modifies and deletes of the same OX objects. Objects already in the store are
// left alone (imported before, or provisioned by this connector since), which makes a second run a no-op.
import { normalizeDn } from '../model/dn.js';
import {
  planLegacyImport,
  type LegacyEntryRef,
  type LegacyImportItem,
  type LegacyPlanDeps,
  type LegacyProblem,
} from '../provisioning/legacy-state.js';
import { beginBatch, commitBatch } from '../state/database.js';
import { addDnAlias } from '../state/references.js';
import type { StateStore } from '../state/store.js';
import {
  takeOverConfigFiles,
  takeOverPendingQueue,
  type LegacyFilesOptions,
  type LegacyFilesReport,
} from './legacy-files.js';

export interface LegacyInput {
  records: LegacyEntryRef[];
  problems: LegacyProblem[];
  aliases: { dn: string; objectId: string }[];
}

export interface LegacyImportReport {
  dryRun: boolean;
  /** Newly recorded objects. */
  imported: { objectId: string; type: string; dn: string; oxIds: string[]; notes: string[] }[];
  /** Objects the store already had (second run, or provisioned since): untouched. */
  alreadyPresent: { objectId: string; type: string; dn: string }[];
  /** Files, keys or objects that could not be imported, and why. */
  notImported: LegacyProblem[];
  /** Former DNs from old.db recorded as aliases (group members naming an object by an old DN still resolve). */
  aliases: number;
  byType: Record<string, number>;
  /** The credentials, mapping, access-profile and pending queue files taken over (null: not asked for). */
  files: LegacyFilesReport | null;
}

export async function importLegacy(
  input: LegacyInput,
  store: StateStore,
  deps: LegacyPlanDeps & { dryRun: boolean; files?: Omit<LegacyFilesOptions, 'dryRun'> },
): Promise<LegacyImportReport> {
  const filesOptions = deps.files ? { ...deps.files, dryRun: deps.dryRun } : undefined;
  const configFiles = filesOptions ? takeOverConfigFiles(filesOptions) : [];
  const report: LegacyImportReport = {
    dryRun: deps.dryRun,
    imported: [],
    alreadyPresent: [],
    notImported: [...input.problems],
    aliases: 0,
    byType: {},
    files: null,
  };
  // Objects the store already knows are kept as they are. Users among them are still planned (not written), so
  // groups and functional accounts of a later run resolve their members; they are not looked up in OX again
  // when they have an id, and their problems (if any) are not reported twice.
  const present = new Set(input.records.filter((r) => store.getObject(r.objectId)).map((r) => r.objectId));
  const planned = input.records.filter((r) => !present.has(r.objectId) || r.udmType === 'users/user');
  for (const r of input.records)
    if (present.has(r.objectId)) report.alreadyPresent.push({ objectId: r.objectId, type: r.udmType, dn: r.dn });

  const record = (item: LegacyImportItem) => {
    const { record: r, change } = item;
    if (present.has(r.objectId)) return;
    const written = deps.dryRun ? true : store.importState(change);
    if (!written) {
      report.alreadyPresent.push({ objectId: r.objectId, type: r.udmType, dn: r.dn });
      return;
    }
    report.imported.push({
      objectId: r.objectId,
      type: r.udmType,
      dn: r.dn,
      oxIds: (change.oxIds ?? []).map((x) => `${x.kind} ${x.oxId} in context ${x.contextId}`),
      notes: item.notes,
    });
    report.byType[r.udmType] = (report.byType[r.udmType] ?? 0) + 1;
  };
  // One transaction per 1,000 objects instead of one each (100,000 old files: seconds instead of a minute). The
  // runner lock is held, so nobody else writes meanwhile; each object's rows are complete on their own, so a
  // crash loses at most the open batch, which a second run imports.
  let open = 0;
  const batched = (item: LegacyImportItem) => {
    if (!deps.dryRun && open === 0) beginBatch(store.db);
    record(item);
    if (!deps.dryRun && ++open >= 1000) {
      commitBatch(store.db);
      open = 0;
    }
  };
  let problems: LegacyProblem[];
  try {
    problems = await planLegacyImport(planned, deps, batched);
  } finally {
    if (open > 0) commitBatch(store.db);
  }
  const presentSources = new Set(input.records.filter((r) => present.has(r.objectId)).map((r) => r.source));
  report.notImported.push(...problems.filter((p) => !presentSources.has(p.source)));
  report.aliases = deps.dryRun ? input.aliases.length : recordAliases(store, input.aliases);
  if (filesOptions) report.files = takeOverPendingQueue(filesOptions, configFiles);
  return report;
}

/** old.db keys that name an object under another DN become DN aliases, unless the DN belongs to an object now. */
function recordAliases(store: StateStore, aliases: LegacyInput['aliases']): number {
  let n = 0;
  for (const a of aliases) {
    const norm = normalizeDn(a.dn);
    if (!norm || store.getObjectByDn(a.dn) || !store.getObject(a.objectId)) continue;
    n += addDnAlias(store.db, norm, a.objectId);
  }
  return n;
}
