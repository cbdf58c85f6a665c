// `ox-connector check-sync-status --dn DN [--resync] [--json]`: is this object the same in the directory
// (as last queued), in the connector's store and in OX? Exit 0 consistent, 1 not (the original's
// check_sync_status.py without UDM credentials).
import { join } from 'node:path';
import type { Command } from 'commander';
import { AttributeMappingFile, ATTRIBUTE_MAPPING_FILE } from '../config/attribute-mapping.js';
import { AccessProfiles, ACCESS_PROFILE_FILE } from '../config/access-profiles.js';
import { checkSyncStatus, provisionFromDirectoryHint } from '../admin/sync-check.js';
import { describePlanned } from '../admin/sync-plan.js';
import { credentialsFor } from '../engine/runner.js';
import { TaskAdmin } from '../admin/task-admin.js';
import { printableJson } from '../ops/log.js';
import { DATA_DIR_OPTION, dataDirOf, openAdminStores, takeStoreLock } from './admin-common.js';
import { adminSettings, oxClientFor } from './ox-connection.js';
import { exitCodes } from './exit-codes.js';

export function registerCheckSyncStatus(program: Command): void {
  exitCodes(program.command('check-sync-status'), [
    [0, 'consistent in the directory, the store and OX'],
    [1, 'not consistent (the output says what differs and what to do), or OX could not be asked'],
  ])
    .description('compare one object in the directory (last queued state), the connector store and OX')
    .requiredOption('--dn <dn>', 'the object to check (users, groups, contexts, resources, functional accounts)')
    .option('--resync', 'queue the object again from its stored state (every field is sent to OX)')
    .option('--json', 'print JSON')
    .option(...DATA_DIR_OPTION)
    .action(async (o: { dn: string; resync?: boolean; json?: boolean; dataDir?: string }) => {
      const dataDir = dataDirOf(o.dataDir);
      const settings = adminSettings(dataDir);
      // --resync queues the stored state: not beside a runner that may be provisioning a newer one (decision 0205).
      const release = o.resync ? takeStoreLock(dataDir, 'ox-connector check-sync-status --resync') : () => {};
      const stores = openAdminStores(dataDir);
      const credentials = credentialsFor(settings);
      const ox = oxClientFor(settings, credentials);
      try {
        const admin = new TaskAdmin(dataDir, stores.store, stores.policy);
        const mapping = new AttributeMappingFile(join(dataDir, ATTRIBUTE_MAPPING_FILE)).current();
        const profiles = new AccessProfiles(join(dataDir, ACCESS_PROFILE_FILE));
        const report = await checkSyncStatus(o.dn, {
          store: stores.store,
          admin,
          ox,
          settings,
          mapping,
          contextAdmin: (id) => credentials.context(id)?.adminuser,
          accessProfile: (name) => profiles.get(name),
        });
        let resyncFile: string | undefined;
        if (o.resync) {
          const stored = stores.store.getObjectByDn(o.dn);
          if (stored) resyncFile = admin.reprovision(stored, 'check-sync-status --resync');
        }
        if (o.json) console.log(printableJson({ ...report, resyncFile: resyncFile ?? null }, 2));
        else {
          for (const w of report.warnings) console.log(w);
          for (const d of report.differences) console.log(`DIFF: ${d}`);
          // The planner's dry run: what provisioning (or --resync) would send to OX.
          for (const p of report.plan) console.log(`would do: ${describePlanned(p)}`);
          console.log(
            report.consistent
              ? 'Success: Data of the object is consistent between the directory, the connector and OX.'
              : `Warning: Data inconsistencies detected. ${report.remedy}`,
          );
          if (o.resync) {
            console.log(
              resyncFile
                ? `Object ${o.dn} has been scheduled to be resynced with file ${resyncFile} and should be processed in the next connector loop.`
                : `Resync not possible: the connector never provisioned ${o.dn}. ${provisionFromDirectoryHint(o.dn)}`,
            );
          }
        }
        process.exitCode = report.consistent ? 0 : 1;
      } finally {
        ox.close();
        stores.close();
        release();
      }
    });
}
