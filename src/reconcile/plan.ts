// Reconciliation's plan: the desired state indexed once, then every managed context read from OX and compared
// (plan-context.ts). Reads only: no write call to OX, nothing written to the store.
import type { AttributeMapping } from '../config/attribute-mapping.js';
import type { CredentialsStore } from '../config/credentials.js';
import type { Settings } from '../config/settings.js';
import type { Logger } from '../ops/log.js';
import type { OxApi } from '../provisioning/ox-port.js';
import { isNotFound } from '../provisioning/ox-port.js';
import { ownedOxObjects } from '../state/managed-contexts.js';
import { accessProfileActions } from './decide-access-profiles.js';
import { contextFieldsThatDiffer, wantedContext } from './decide-contexts.js';
import type { DesiredIndex } from './desired-index.js';
import type { StateDb } from '../state/database.js';
import { indexDesired } from './desired-index.js';
import type { DesiredSource } from './directory-object.js';
import { readContext } from './ox-inventory.js';
import { ContextPlanner } from './plan-context.js';
import { summarise, type ReconcileAction, type ReconcilePlan } from './types.js';

export interface PlanDeps {
  ox: OxApi;
  db: StateDb;
  source: DesiredSource;
  settings: Settings;
  mapping: AttributeMapping;
  credentials: CredentialsStore;
  log: Logger;
  /** The managed contexts to reconcile (all of them, or those --context named). */
  contexts: number[];
}

export async function planReconcile(deps: PlanDeps): Promise<ReconcilePlan> {
  const { log } = deps;
  const index = indexDesired(deps.source, new Set(deps.contexts), deps.mapping, deps.settings);
  const actions: ReconcileAction[] = [];
  const usersPerContext = new Map<number, number>();
  const warnings = [...index.warnings];
  let unchanged = 0;
  const master = Boolean(deps.credentials.master());
  if (!master && index.contexts.size > 0)
    warnings.push(
      `Contexts are not compared: no OX master credentials. Set OX_MASTER_PASSWORD or add a "master" entry to ${deps.credentials.path}.`,
    );
  for (const contextId of deps.contexts) {
    // A context that matches is not counted as unchanged: `unchanged` counts the objects inside contexts, as
    // before contexts were compared (decision 0305).
    const context = master ? await compareContext(deps, index, contextId) : undefined;
    if (context && context !== 'unchanged') {
      actions.push(context);
      // A context OX lacks has nothing in it to read; creating it (on apply) comes first.
      if (context.op === 'create') continue;
    }
    const adminName = deps.credentials.context(contextId)?.adminuser;
    const planner = new ContextPlanner({
      contextId,
      index,
      source: deps.source,
      owned: ownedOxObjects(deps.db, contextId),
      mapping: deps.mapping,
      settings: deps.settings,
    });
    const inventory = await readContext(deps.ox, contextId, adminName, log, (users) => planner.users(users), [
      ...index.userFields,
    ]);
    usersPerContext.set(contextId, inventory.userCount);
    const plan = planner.finish(inventory.groups, inventory.resources, inventory.accounts);
    actions.push(...plan.actions);
    unchanged += plan.unchanged;
  }
  // The profile file is the connector's, in no context: compared once per run (decision 0321).
  const profiles = accessProfileActions(index.accessProfiles, deps.source, deps.settings.dataDir);
  actions.push(...profiles.actions);
  unchanged += profiles.unchanged;
  warnings.push(...profiles.warnings);
  const summary = summarise(actions, unchanged);
  log.info(
    `Reconcile plan: ${summary.create} to create, ${summary.change} to change, ${summary.delete} to delete (${summary.orphans} orphans), ${summary.unchanged} unchanged`,
  );
  return { actions, summary, usersPerContext, warnings };
}

/**
 * The context itself (name and quota) against the directory's context object, when the directory has one: a
 * `change` naming the differing fields, a `create` when OX lacks it, or 'unchanged'.
 */
async function compareContext(
  deps: PlanDeps,
  index: DesiredIndex,
  contextId: number,
): Promise<ReconcileAction | 'unchanged' | undefined> {
  const entry = index.contexts.get(contextId);
  const obj = entry && deps.source.get(entry.objectId);
  const wanted = obj && wantedContext(obj);
  if (!entry || !wanted) return undefined;
  const base = {
    kind: 'context' as const,
    context: contextId,
    name: wanted.name,
    dn: entry.dn,
    objectId: entry.objectId,
  };
  let ox;
  try {
    ox = await deps.ox.call('OXContextService', 'getData', { ctx: { id: contextId } });
  } catch (err) {
    if (!isNotFound(err)) throw err;
    return { op: 'create', ...base };
  }
  if (!ox) return { op: 'create', ...base };
  const fields = contextFieldsThatDiffer(wanted, ox);
  return fields.length === 0 ? 'unchanged' : { op: 'change', ...base, fields };
}
