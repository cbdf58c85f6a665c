// Reconciliation's plan: the desired state indexed once, then every managed context read from OX and compared
// (plan-context.ts). Reads only: no write call to OX, nothing written to the store.
import type { AttributeMapping } from '../config/attribute-mapping.js';
import type { CredentialsStore } from '../config/credentials.js';
import type { Settings } from '../config/settings.js';
import type { Logger } from '../ops/log.js';
import type { OxApi } from '../provisioning/ox-port.js';
import { ownedOxObjects } from '../state/managed-contexts.js';
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
  for (const contextId of deps.contexts) {
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
    const plan = planner.finish(inventory.groups, inventory.resources);
    actions.push(...plan.actions);
    unchanged += plan.unchanged;
  }
  const summary = summarise(actions, unchanged);
  log.info(
    `Reconcile plan: ${summary.create} to create, ${summary.change} to change, ${summary.delete} to delete (${summary.orphans} orphans), ${summary.unchanged} unchanged`,
  );
  return { actions, summary, usersPerContext, warnings };
}
