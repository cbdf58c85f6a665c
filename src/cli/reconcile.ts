// `ox-connector reconcile [--dry-run] [--delete-orphans] [--force] [--context ID]... [--from store] [--json]`:
// does OX hold what the directory says, and make it so (issue 16; the work is in reconcile/).
// Exit codes: 0 OX equals the directory (dry run) / every action carried out succeeded; 1 the plan is not empty
// (dry run) / actions failed, each named; 2 refused (another process holds the data directory, the 10 % orphan
// guard, a configuration error).
import { join } from 'node:path';
import { Command, Option } from 'commander';
import { TaskAdmin } from '../admin/task-admin.js';
import { ATTRIBUTE_MAPPING_FILE, AttributeMappingFile } from '../config/attribute-mapping.js';
import { credentialsFor } from '../engine/runner.js';
import { limitHeapGrowth } from '../ops/heap.js';
import { createLogger, printableJson } from '../ops/log.js';
import { actionsToCarryOut, applyPlan, type ApplyResult } from '../reconcile/apply.js';
import { desiredFromStore } from '../reconcile/desired-from-store.js';
import type { DesiredSource } from '../reconcile/directory-object.js';
import { orphanGuardRefusal } from '../reconcile/orphan-guard.js';
import { planReconcile } from '../reconcile/plan.js';
import { failuresText, planJson, planText } from '../reconcile/report.js';
import { managedContextIds } from '../state/managed-contexts.js';
import { exitCodes } from './exit-codes.js';
import { DATA_DIR_OPTION, dataDirOf, openAdminStores, takeStoreLock } from './admin-common.js';
import { adminSettings, oxClientFor } from './ox-connection.js';
import { ADMIN_CALL_RETRY_DELAYS_MS, retryAnsweredFaults } from '../engine/call-retry.js';

interface ReconcileOptions {
  dryRun?: boolean;
  deleteOrphans?: boolean;
  force?: boolean;
  context: number[];
  from: 'store' | 'ldap';
  json?: boolean;
  dataDir?: string;
}

function contextOption(value: string, previous: number[]): number[] {
  const id = Number(value);
  if (!Number.isInteger(id) || id <= 0) throw new Error(`--context "${value}" is not a context id (e.g. 10)`);
  return [...previous, id];
}

class Refused extends Error {}

function chooseContexts(managed: number[], asked: number[]): number[] {
  if (asked.length === 0) return managed;
  const unknown = asked.filter((id) => !managed.includes(id));
  if (unknown.length > 0)
    throw new Refused(
      `context ${unknown.join(', ')} is not managed by the connector (it has provisioned nothing there), so reconcile does not read or touch it; managed contexts: ${managed.join(', ') || 'none'}.`,
    );
  return [...new Set(asked)].sort((a, b) => a - b);
}

/** `--from ldap`: the LDAP source's settings and object model (loaded only then: no LDAP client otherwise). */
async function liveDirectory(dataDir: string): Promise<DesiredSource> {
  const { readLdapSettings, LdapSettingsError } = await import('../sources/ldap/index.js');
  const { desiredFromLdap } = await import('../reconcile/desired-from-ldap.js');
  let settings;
  try {
    settings = readLdapSettings(process.env);
  } catch (err) {
    if (err instanceof LdapSettingsError) throw new Refused(`--from ldap: ${err.message}`);
    throw err;
  }
  return desiredFromLdap(settings, dataDir);
}

async function reconcile(o: ReconcileOptions): Promise<number> {
  const dataDir = dataDirOf(o.dataDir);
  const settings = adminSettings(o.dataDir);
  // stderr: stdout carries the plan (JSON for monitoring).
  const log = createLogger(settings.logLevel, (line) => console.error(line));
  // --dry-run reads the store and OX and changes neither, so it runs beside a runner (decision 0345); its plan is a
  // snapshot: an object the runner is provisioning at that moment may show as a change. Acting takes the lock.
  let release: () => void = () => undefined;
  try {
    if (!o.dryRun) release = takeStoreLock(dataDir, 'ox-connector reconcile');
  } catch (err) {
    throw new Refused((err as Error).message);
  }
  const stores = openAdminStores(dataDir);
  try {
    const credentials = credentialsFor(settings);
    // A fault OX answered is retried per call, more patiently than `run` does (decisions 0216, 0330): one fault
    // no longer ends the whole command.
    const ox = retryAnsweredFaults(oxClientFor(settings, credentials), ADMIN_CALL_RETRY_DELAYS_MS);
    const contexts = chooseContexts(managedContextIds(stores.db), o.context);
    const mapping = new AttributeMappingFile(join(dataDir, ATTRIBUTE_MAPPING_FILE), (w) => log.warning(w)).current();
    const source = o.from === 'ldap' ? await liveDirectory(dataDir) : desiredFromStore(stores.store);
    const plan = await planReconcile({ ox, db: stores.db, source, settings, mapping, credentials, log, contexts });
    const print = (result?: ApplyResult) => {
      if (o.json) console.log(printableJson(planJson(plan, result?.failed), 2));
      else {
        console.log(planText(plan));
        if (result && result.failed.length > 0) console.log(failuresText(result.failed));
      }
    };
    if (o.dryRun) {
      print();
      return plan.actions.length === 0 ? 0 : 1;
    }
    const carry = actionsToCarryOut(plan.actions, Boolean(o.deleteOrphans));
    const refusal = o.force ? undefined : orphanGuardRefusal(carry, plan.usersPerContext);
    if (refusal) {
      print();
      throw new Refused(refusal);
    }
    const result = await applyPlan(carry, {
      admin: new TaskAdmin(dataDir, stores.store, stores.policy),
      source,
      settings,
      credentials,
      ox,
      log,
    });
    print(result);
    const kept = plan.summary.orphans - carry.filter((a) => a.orphan).length;
    if (kept > 0 && !o.json)
      console.log(`${kept} orphan(s) kept; run again with --delete-orphans to delete them in OX.`);
    return result.failed.length === 0 ? 0 : 1;
  } finally {
    stores.close();
    release();
  }
}

export function registerReconcile(program: Command): void {
  const reconcileCommand = program
    .command('reconcile')
    .description('compare OX with the directory in every managed context, and make OX equal it (see --dry-run)')
    .option(
      '--dry-run',
      'only show the plan: no write call to OX, nothing stored; exit 0 when OX is in sync, 1 otherwise',
    )
    .option('--delete-orphans', 'also delete OX objects no directory object accounts for')
    .option('--force', "with --delete-orphans: allow deleting more than 10 % of a context's users in one run")
    .option('--context <id>', 'only this managed context (repeatable)', contextOption, [] as number[])
    .addOption(
      new Option(
        '--from <source>',
        'desired state: the store (last directory state seen), or the live directory (LDAP_URI, LDAP_BASE, …)',
      )
        .choices(['store', 'ldap'])
        .default('store'),
    )
    .option('--json', 'print the plan as JSON')
    .option(...DATA_DIR_OPTION)
    .action(async (o: ReconcileOptions) => {
      // Reading OX makes much short-lived garbage (decoded batches of 500 users): keep the heap close to what lives.
      limitHeapGrowth();
      try {
        process.exitCode = await reconcile(o);
      } catch (err) {
        if (!(err instanceof Refused)) throw err;
        console.error(`ox-connector: ${err.message}`);
        process.exitCode = 2;
      }
    });
  exitCodes(reconcileCommand, [
    [0, 'OX equals the directory (--dry-run), or every action carried out succeeded'],
    [1, 'with --dry-run: the plan is not empty; without: actions failed (each named in the output)'],
    [
      2,
      'usage or configuration error, the 10 % orphan guard refused (see --force), or (not with --dry-run) another process holds the data directory',
    ],
  ]);
}
