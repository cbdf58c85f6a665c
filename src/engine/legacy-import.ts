// import-legacy: records the Python connector's last provisioned states in the store, so the queue the Python
// connector left continues here as modifies and deletes of the same OX objects. Objects already in the store are
// left alone (imported before, or provisioned by this connector since), which makes a second run a no-op.
import type { ChangeRecord } from '../model/change.js';
import { normalizeDn } from '../model/dn.js';
import { planLegacyImport, type LegacyPlanDeps } from '../provisioning/legacy-state.js';
import type { StateStore } from '../state/store.js';

export interface LegacyInput {
  records: ChangeRecord[];
  problems: { source: string; dn?: string; reason: string }[];
  aliases: { dn: string; objectId: string }[];
}

export interface LegacyImportReport {
  dryRun: boolean;
  /** Newly recorded objects. */
  imported: { objectId: string; type: string; dn: string; oxIds: string[]; notes: string[] }[];
  /** Objects the store already had (second run, or provisioned since): untouched. */
  alreadyPresent: { objectId: string; type: string; dn: string }[];
  /** Files, keys or objects that could not be imported, and why. */
  notImported: { source: string; dn?: string; reason: string }[];
  /** Former DNs from old.db recorded as aliases (group members naming an object by an old DN still resolve). */
  aliases: number;
  byType: Record<string, number>;
}

export async function importLegacy(
  input: LegacyInput,
  store: StateStore,
  deps: LegacyPlanDeps & { dryRun: boolean },
): Promise<LegacyImportReport> {
  // Objects the store already knows are not looked up in OX again.
  const fresh = input.records.filter((r) => !store.getObject(r.objectId));
  const present = input.records.filter((r) => store.getObject(r.objectId));
  // Users already in the store still resolve group members and functional-account users of a later run.
  const known = present.filter((r) => r.udmType === 'users/user');
  const plan = await planLegacyImport([...known, ...fresh], deps);
  const report: LegacyImportReport = {
    dryRun: deps.dryRun,
    imported: [],
    alreadyPresent: present.map((r) => ({ objectId: r.objectId, type: r.udmType, dn: r.dn })),
    notImported: [...input.problems, ...plan.problems.filter((p) => !known.some((k) => k.source === p.source))],
    aliases: 0,
    byType: {},
  };
  const knownIds = new Set(known.map((k) => k.objectId));
  for (const item of plan.items) {
    if (knownIds.has(item.record.objectId)) continue;
    const written = deps.dryRun ? true : store.importState(item.change);
    if (!written) {
      report.alreadyPresent.push({ objectId: item.record.objectId, type: item.record.udmType, dn: item.record.dn });
      continue;
    }
    report.imported.push({
      objectId: item.record.objectId,
      type: item.record.udmType,
      dn: item.record.dn,
      oxIds: (item.change.oxIds ?? []).map((r) => `${r.kind} ${r.oxId} in context ${r.contextId}`),
      notes: item.notes,
    });
    report.byType[item.record.udmType] = (report.byType[item.record.udmType] ?? 0) + 1;
  }
  if (!deps.dryRun) report.aliases = recordAliases(store, input.aliases);
  else report.aliases = input.aliases.length;
  return report;
}

/** old.db keys that name an object under another DN become DN aliases, unless the DN belongs to an object now. */
function recordAliases(store: StateStore, aliases: LegacyInput['aliases']): number {
  let n = 0;
  const insert = store.db.prepare('INSERT OR IGNORE INTO dn_aliases (dn_norm, object_id) VALUES (?, ?)');
  for (const a of aliases) {
    const norm = normalizeDn(a.dn);
    if (!norm || store.getObjectByDn(a.dn) || !store.getObject(a.objectId)) continue;
    n += insert.run(norm, a.objectId).changes;
  }
  return n;
}
