// `ox-connector cache rebuild [--delete] [--context N] [--chunk-size N]` (the original's update-ox-db-cache)
// and `ox-connector cache remove DN` (the original's remove-from-ox-db-cache).
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { deleteUserIds, forgetObject, rebuildUserIds } from '../admin/id-cache.js';
import { createLogger, escapeControl } from '../ops/log.js';
import { formatProgress, progressPerPart } from '../ops/progress.js';
import { DATA_DIR_OPTION, emit, withTaskAdmin } from './admin-common.js';
import { adminSettings, oxClientFor } from './ox-connection.js';
import { ADMIN_CALL_RETRY_DELAYS_MS, retryAnsweredFaults } from '../engine/call-retry.js';
import { exitCodes } from './exit-codes.js';

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number of at least 1');
  return n;
}

function progressBar(done: number, total: number, ctx: number): void {
  const width = 30;
  const filled = total === 0 ? width : Math.round((done / total) * width);
  process.stderr.write(`\rcontext ${ctx} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`);
  if (done >= total) process.stderr.write('\n');
}

/**
 * On a terminal a bar; otherwise (a service, cron, a pipe) a log line at most every 5 s for a context of 500 users
 * or more (decision 0302). Both on stderr: stdout carries the result.
 */
function rebuildProgress(): (done: number, total: number, ctx: number) => void {
  if (process.stderr.isTTY) return progressBar;
  const log = createLogger('INFO', (line) => console.error(line));
  return progressPerPart((r, ctx) => log.info(`cache rebuild: context ${ctx}: ${formatProgress(r, 'users')}`));
}

/** --data-dir is an option of `cache`, given before or after the sub-command. */
const dataDirOption = (cmd: Command) => (cmd.optsWithGlobals() as { dataDir?: string }).dataDir;

export function registerCache(program: Command): void {
  const cache = exitCodes(program.command('cache'), [
    [0, 'done'],
    [1, 'failed (see the sub-command), or refused while a connector runs on the data directory'],
  ])
    .description('the cache of OX ids of provisioned objects (rebuild from OX, or forget one object)')
    .option(...DATA_DIR_OPTION);

  exitCodes(cache.command('rebuild'), [
    [0, 'every cached id was checked (or, with --delete, forgotten)'],
    [
      1,
      'a context could not be read from OX and was skipped (named), or refused while a connector runs on the data directory',
    ],
  ])
    .description('re-read the OX ids of provisioned users from OX, a page of users at a time (list with length/offset)')
    .option('--delete', 'only forget the cached ids (the next change looks each user up by name)')
    .option('--context <id>', 'only this context', positiveInt)
    .option(
      '--chunk-size <n>',
      'users per page read from OX (memory grows with it, not with the user count)',
      positiveInt,
      25,
    )
    .option('--json', 'print the result as JSON')
    .action((o: { delete?: boolean; context?: number; chunkSize: number; json?: boolean }, cmd: Command) =>
      withTaskAdmin(
        dataDirOption(cmd),
        async (admin) => {
          if (o.delete) {
            const n = deleteUserIds(admin.store, o.context);
            admin.audit(
              'cache-delete',
              null,
              `forgot ${n} cached user id(s)${o.context ? ` in context ${o.context}` : ''}`,
            );
            emit(Boolean(o.json), { removed: n }, () => `${n} cached user id(s) removed.`);
            return;
          }
          const ox = oxClientFor(adminSettings(admin.dataDir));
          try {
            // A fault OX answered is retried per call more patiently than `run` (decisions 0216, 0330).
            const report = await rebuildUserIds(admin.store, retryAnsweredFaults(ox, ADMIN_CALL_RETRY_DELAYS_MS), {
              context: o.context,
              chunkSize: o.chunkSize,
              onProgress: rebuildProgress(),
              onWarning: (m) => console.error(`warning: ${m}`),
            });
            admin.audit('cache-rebuild', null, JSON.stringify(report));
            emit(
              Boolean(o.json),
              report,
              () =>
                `${report.checked} user(s) in ${report.contexts} context(s) checked, ${report.updated} id(s) updated, ${report.missing} not found in OX (they are created again with their next change).`,
            );
            if (report.skippedContexts.length > 0) process.exitCode = 1;
          } finally {
            ox.close();
          }
        },
        `ox-connector cache rebuild${o.delete ? ' --delete' : ''}`,
      ),
    );

  exitCodes(cache.command('remove <dn>'), [
    [0, 'forgotten'],
    [1, '<dn> is not in the cache, or refused while a connector runs on the data directory'],
  ])
    .description('forget one object (state and OX ids), as remove-from-ox-db-cache; OX is not changed')
    .option('--json', 'print the result as JSON')
    .action((dn: string, o: { json?: boolean }, cmd: Command) =>
      withTaskAdmin(
        dataDirOption(cmd),
        (admin) => {
          const gone = forgetObject(admin.store, dn);
          if (!gone) {
            emit(Boolean(o.json), { dn, removed: false }, () => escapeControl(`${dn} not found`));
            process.exitCode = 1;
            return;
          }
          admin.audit('cache-remove', gone, 'removed from the cache');
          emit(Boolean(o.json), { dn: gone.dn, removed: true }, () => escapeControl(`Removing ${gone.dn}`));
        },
        'ox-connector cache remove',
      ),
    );
}
