// Carrying a reconcile plan out. Every directory object an action names goes the engine's normal path: its
// directory state is queued again with a full re-provisioning requested (as `tasks reprovision` does), or — when the
// directory no longer has it — its deletion is queued, so the same handlers, store commits and error policy apply;
// then one `run --once` pass provisions the queue. Only orphans (with --delete-orphans), which no directory object
// can carry, are deleted here: one OX delete call each, by id. A delete the directory asked for is also made here
// first (the stored state may not know the OX object), then the object is re-provisioned so the store agrees.
import { writeQueueFile, type TaskAdmin } from '../admin/task-admin.js';
import type { CredentialsStore } from '../config/credentials.js';
import type { Settings } from '../config/settings.js';
import { Runner } from '../engine/runner.js';
import type { Logger } from '../ops/log.js';
import { isNotFound, type OxApi } from '../provisioning/ox-port.js';
import type { DesiredSource } from './directory-object.js';
import type { ReconcileAction } from './types.js';

export interface ApplyDeps {
  admin: TaskAdmin;
  /** The desired state the plan was made from: what is queued for each object. */
  source: DesiredSource;
  settings: Settings;
  credentials: CredentialsStore;
  ox: OxApi;
  log: Logger;
}

export interface FailedAction {
  action: ReconcileAction;
  error: string;
}

export interface ApplyResult {
  carriedOut: number;
  failed: FailedAction[];
}

/** The actions this run carries out: all but the orphans, which only --delete-orphans deletes. */
export function actionsToCarryOut(actions: readonly ReconcileAction[], deleteOrphans: boolean): ReconcileAction[] {
  return actions.filter((a) => !a.orphan || deleteOrphans);
}

/** A functional account's secondary accounts of the named users: OX addresses them by address and user only. */
async function deleteAccountsInOx(ox: OxApi, a: ReconcileAction): Promise<void> {
  const users = (a.oxUserIds ?? []).map((id) => ({ id }));
  const context = { id: a.context };
  await ox.call('OXSecondaryAccountService', 'delete', { primaryAddress: a.name, context, users, groups: [] });
}

async function deleteInOx(ox: OxApi, a: ReconcileAction): Promise<void> {
  const ctx = { id: a.context };
  const id = a.oxId!;
  try {
    if (a.kind === 'functional_account') return await deleteAccountsInOx(ox, a);
    if (a.kind === 'user') await ox.call('OXUserService', 'delete', { ctx, user: { id } });
    else if (a.kind === 'group') await ox.call('OXGroupService', 'delete', { ctx, grp: { id } });
    else if (a.kind === 'resource') await ox.call('OXResourceService', 'delete', { ctx, res: { id } });
  } catch (err) {
    if (!isNotFound(err)) throw err; // Gone meanwhile: what the plan wanted.
  }
}

export async function applyPlan(carry: readonly ReconcileAction[], deps: ApplyDeps): Promise<ApplyResult> {
  const { admin, log } = deps;
  const failed: FailedAction[] = [];
  // Users first: a group an orphan user leaves must still be there to be judged on the next run.
  const order = { user: 0, resource: 1, group: 2 } as Record<string, number>;
  // A functional account's accounts of users the directory no longer names there go by OX call too: re-provisioning
  // adopts what OX has and would keep them.
  const deletes = carry
    .filter((a) => a.op === 'delete' || (a.kind === 'functional_account' && (a.oxUserIds?.length ?? 0) > 0))
    .sort((a, b) => (order[a.kind] ?? 3) - (order[b.kind] ?? 3));
  for (const a of deletes) {
    try {
      await deleteInOx(deps.ox, a);
      const which = a.oxId !== undefined ? `(${a.oxId})` : `of OX user(s) ${a.oxUserIds?.join(', ')}`;
      log.info(`Reconcile: deleted ${a.orphan ? 'orphan ' : ''}${a.kind} ${a.name} ${which} in context ${a.context}`);
    } catch (err) {
      failed.push({ action: a, error: (err as Error).message });
    }
  }
  const byObject = new Map<string, ReconcileAction[]>();
  for (const a of carry) {
    if (!a.objectId) continue;
    const list = byObject.get(a.objectId) ?? [];
    list.push(a);
    byObject.set(a.objectId, list);
  }
  for (const objectId of byObject.keys()) queueObject(admin, deps.source, objectId);
  if (byObject.size > 0) {
    const runner = new Runner({ settings: deps.settings, log, ox: deps.ox, credentials: deps.credentials });
    try {
      const summary = await runner.runOnce();
      log.info(`Reconcile: re-provisioned ${byObject.size} object(s)`, { ...summary });
    } finally {
      runner.close();
    }
    for (const [objectId, actions] of byObject) {
      const parked = admin.store.getParked(objectId);
      if (parked) for (const action of actions) failed.push({ action, error: parked.error });
    }
  }
  return { carriedOut: carry.length, failed };
}

/** Queues the directory's state of one object (full re-provisioning), or its deletion when the directory lost it. */
function queueObject(admin: TaskAdmin, source: DesiredSource, objectId: string): void {
  const wanted = source.get(objectId);
  if (wanted) {
    admin.reprovision({ ...wanted, oxState: wanted.oxState ?? null }, 'reconcile');
    return;
  }
  const stored = admin.store.getObject(objectId);
  if (!stored) return;
  const file = writeQueueFile(admin.queue.dir, {
    dn: stored.dn,
    id: objectId,
    object: null,
    options: ['default'],
    udm_object_type: stored.udmType,
  });
  admin.audit('reprovision', { objectId, dn: stored.dn }, `reconcile: gone from the directory; queued ${file}`);
}
