// `ox-connector cache rebuild [--delete] [--context N] [--chunk-size N]` (the original's update-ox-db-cache)
// and `ox-connector cache remove DN` (the original's remove-from-ox-db-cache).
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { DATA_DIR_OPTION } from './admin-common.js';
import { exitCodes } from './exit-codes.js';
import { DEFAULT_WAIT_SECONDS, runStoreCommand, WAIT_OPTION } from './store-command-run.js';

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number of at least 1');
  return n;
}

/** --data-dir is an option of `cache`, given before or after the sub-command. */
const dataDirOption = (cmd: Command) => (cmd.optsWithGlobals() as { dataDir?: string }).dataDir;

/** Beside a running connector: handed to it (decision 0345); these are the ways that can fail. */
const HANDED_OVER =
  'or, while a connector runs: it did not take the command up within --wait-seconds (nothing changed) or ended while carrying it out; refused while another administrator command holds the data directory';

export function registerCache(program: Command): void {
  const cache = exitCodes(program.command('cache'), [
    [0, 'done'],
    [1, 'failed (see the sub-command), or not carried out beside a running connector (see the sub-command)'],
  ])
    .description(
      'the cache of OX ids of provisioned objects (rebuild from OX, or forget one object); while a connector runs, it carries the command out between its batches',
    )
    .option(...DATA_DIR_OPTION);

  exitCodes(cache.command('rebuild'), [
    [0, 'every cached id was checked (or, with --delete, forgotten)'],
    [1, `a context could not be read from OX and was skipped (named), ${HANDED_OVER}`],
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
    .option(...WAIT_OPTION, positiveInt, DEFAULT_WAIT_SECONDS)
    .action(
      (
        o: { delete?: boolean; context?: number; chunkSize: number; json?: boolean; waitSeconds: number },
        cmd: Command,
      ) =>
        runStoreCommand({
          dataDirOption: dataDirOption(cmd),
          command: `ox-connector cache rebuild${o.delete ? ' --delete' : ''}`,
          action: 'cache-rebuild',
          args: { delete: o.delete, context: o.context, chunkSize: o.chunkSize, json: o.json },
          waitSeconds: o.waitSeconds,
        }),
    );

  exitCodes(cache.command('remove <dn>'), [
    [0, 'forgotten'],
    [1, `<dn> is not in the cache, ${HANDED_OVER}`],
  ])
    .description('forget one object (state and OX ids), as remove-from-ox-db-cache; OX is not changed')
    .option('--json', 'print the result as JSON')
    .option(...WAIT_OPTION, positiveInt, DEFAULT_WAIT_SECONDS)
    .action((dn: string, o: { json?: boolean; waitSeconds: number }, cmd: Command) =>
      runStoreCommand({
        dataDirOption: dataDirOption(cmd),
        command: 'ox-connector cache remove',
        action: 'cache-remove',
        args: { dn, json: o.json },
        waitSeconds: o.waitSeconds,
      }),
    );
}
