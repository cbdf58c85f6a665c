// `ox-connector tasks …`: list, show, retry, skip and re-provision queued and parked items (the manual's §6.4
// steps and the 3.x task CLI as sub-commands). Every sub-command has --help; list/show have --json.
import { Command, InvalidArgumentError, Option } from 'commander';
import { DEFAULT_LISTENER_REQUEST_DIR, describeItem, TaskAdmin, type TaskItem } from '../admin/task-admin.js';
import { escapeControl } from '../ops/log.js';
import { retryText } from '../ops/status.js';
import { DATA_DIR_OPTION, emit, withTaskAdmin } from './admin-common.js';
import { exitCodes, UsageError } from './exit-codes.js';
import { DEFAULT_WAIT_SECONDS, runStoreCommand, WAIT_OPTION } from './store-command-run.js';

interface Common {
  dataDir?: string;
  json?: boolean;
}

/** A read-only sub-command: no lock, works while a runner runs. */
function withAdmin<T extends Common>(f: (admin: TaskAdmin, options: T, ...args: string[]) => void) {
  return (...args: unknown[]) => {
    const { options, positional } = invocation<T>(args);
    return withTaskAdmin(options.dataDir, (admin) => f(admin, options, ...positional));
  };
}

/** The options and positional arguments of a sub-command's action (Commander passes them before the command). */
function invocation<T>(args: unknown[]): {
  options: T & { dataDir?: string; waitSeconds: number };
  positional: string[];
} {
  const cmd = args[args.length - 1] as Command;
  return {
    options: cmd.optsWithGlobals() as T & { dataDir?: string; waitSeconds: number },
    positional: args.slice(0, -2).filter((a): a is string => typeof a === 'string'),
  };
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number of at least 1');
  return n;
}

/** Beside a running connector the command is handed to it (decision 0345); these are the ways that can fail. */
const HANDED_OVER =
  'or, while a connector runs: it did not take the command up within --wait-seconds (nothing changed) or ended while carrying it out; refused while another administrator command holds the data directory';

function itemText(i: TaskItem, long = false): string {
  const head = `${i.status.padEnd(9)} ${describeItem(i)}  files: ${i.files.length}`;
  const lines = [head];
  if (long) {
    for (const f of i.files) lines.push(`  file: ${f}`);
    if (i.attempts !== undefined) lines.push(`  attempts: ${i.attempts} (first failed ${i.firstFailedAt})`);
    if (i.nextRetryAt) lines.push(`  next automatic retry: ${retryText(i.nextRetryAt)}`);
    if (i.blockedBy) lines.push(`  waits for: ${i.blockedBy}`);
  }
  if (i.error) lines.push(`  ${long ? 'error: ' : ''}${i.error}`);
  // Types, DNs, ids, file names and errors come from directory data: one printable line each (decision 0222).
  return lines.map(escapeControl).join('\n');
}

function mustFind(admin: TaskAdmin, ref: string): TaskItem {
  const item = admin.find(ref);
  if (!item) {
    throw new Error(
      `Nothing queued for ${ref} (give an object id, a DN or a queue file name; see: ox-connector tasks list).`,
    );
  }
  return item;
}

/** What --trigger did: one line naming directory data (printed escaped), or with --json its figures (0303). */
const report = (o: Common, figures: Record<string, unknown>, message: string) =>
  emit(Boolean(o.json), { ...figures, message }, () => escapeControl(message));
const JSON_OPTION = ['--json', 'print the result as JSON'] as const;

export function registerTasks(program: Command): void {
  const tasks = exitCodes(program.command('tasks'), [
    [0, 'done'],
    [1, 'nothing queued for the item named, or not carried out beside a running connector (see the sub-command)'],
  ])
    .description(
      'inspect and act on queued, parked and held items (retry, skip, re-provision); while a connector runs, it carries retry, skip and reprovision out between its batches',
    )
    .option(...DATA_DIR_OPTION);

  exitCodes(tasks.command('list'), [[0, 'listed (also when the queue is empty)']])
    .description(
      'list queued items per object: queued, parked (failed, waiting), held (behind a parked one), malformed',
    )
    .option('--type <udm type>', 'only this object type, e.g. users/user')
    .option('--dn <dn>', 'only this DN (case and spacing do not matter)')
    .addOption(new Option('--status <status>', 'only this status').choices(['queued', 'parked', 'held', 'malformed']))
    .option('--json', 'print JSON')
    .action(
      withAdmin<Common & { type?: string; dn?: string; status?: TaskItem['status'] }>((admin, o) => {
        const items = admin.list({ type: o.type, dn: o.dn, status: o.status });
        emit(Boolean(o.json), items, () =>
          items.length === 0
            ? 'Queue is empty.'
            : items.map((i) => itemText(i)).join('\n') + `\nTotal: ${items.length}`,
        );
      }),
    );

  exitCodes(tasks.command('show <ref>'), [
    [0, 'shown'],
    [1, 'nothing queued for <ref>'],
  ])
    .description('show one item (object id, DN or queue file name) with its files and error')
    .option('--json', 'print JSON')
    .action(
      withAdmin<Common>((admin, o, ref) => {
        const item = mustFind(admin, ref);
        const stored = item.objectId ? admin.store.getObject(item.objectId) : undefined;
        const value = {
          ...item,
          provisioned: stored ? { dn: stored.dn, oxIds: admin.store.oxIdsOf(stored.objectId) } : null,
        };
        emit(Boolean(o.json), value, () =>
          [
            itemText(item, true),
            stored
              ? `  provisioned as: ${escapeControl(stored.dn)} ${admin.store
                  .oxIdsOf(stored.objectId)
                  .map((r) => `${r.kind} ${r.oxId} in context ${r.contextId}`)
                  .join(', ')}`
              : '  not provisioned yet',
          ].join('\n'),
        );
      }),
    );

  exitCodes(tasks.command('retry [ref]'), [
    [0, 'the item (or every parked item) is due now'],
    [1, `nothing queued for [ref], ${HANDED_OVER}`],
  ])
    .description(
      'make a parked item due now: the connector retries it with its next pass (a running connector carries the command out itself)',
    )
    .option('--all', 'retry every parked item')
    .option(...JSON_OPTION)
    .option(...WAIT_OPTION, positiveInt, DEFAULT_WAIT_SECONDS)
    .action((...args: unknown[]) => {
      const { options: o, positional } = invocation<Common & { all?: boolean }>(args);
      return runStoreCommand({
        dataDirOption: o.dataDir,
        command: 'ox-connector tasks retry',
        action: 'tasks-retry',
        args: { ref: positional[0], all: o.all, json: o.json },
        waitSeconds: o.waitSeconds,
      });
    });

  exitCodes(tasks.command('skip <ref>'), [
    [0, 'the item was discarded'],
    [1, `nothing queued for <ref>, ${HANDED_OVER}`],
  ])
    .description('discard an item (all its queued changes) after careful consideration; the reason is logged')
    .requiredOption('--reason <text>', 'why it is discarded (written to the log and ox-connector-tasks.log)')
    .option(...JSON_OPTION)
    .option(...WAIT_OPTION, positiveInt, DEFAULT_WAIT_SECONDS)
    .action((...args: unknown[]) => {
      const { options: o, positional } = invocation<Common & { reason: string }>(args);
      return runStoreCommand({
        dataDirOption: o.dataDir,
        command: 'ox-connector tasks skip',
        action: 'tasks-skip',
        args: { ref: positional[0], reason: o.reason, json: o.json },
        waitSeconds: o.waitSeconds,
      });
    });

  exitCodes(tasks.command('reprovision [ref]'), [
    [0, 'queued (or, with --trigger, the trigger file written)'],
    [1, `[ref] was never provisioned, ${HANDED_OVER}`],
  ])
    .description('re-provision one object by DN or id from its stored state (every field sent), or all objects')
    .option('--all', 'every provisioned object (may take long; never deletes anything)')
    .option('--type <udm type>', 'with --all: only this type')
    .option('--trigger', 'instead: write a listener trigger file (manual Listing 6.3) so UCS re-reads the object')
    .option('--listener-dir <dir>', 'with --trigger: the listener request directory', DEFAULT_LISTENER_REQUEST_DIR)
    .option('--entry-uuid <uuid>', 'with --trigger: entryUUID of an object the connector does not know')
    .option('--type-of <udm type>', 'with --trigger and --entry-uuid: its UDM type', 'users/user')
    .option(...JSON_OPTION)
    .option(...WAIT_OPTION, positiveInt, DEFAULT_WAIT_SECONDS)
    .action((...args: unknown[]) => {
      const { options: o, positional } = invocation<Reprovision>(args);
      const ref = positional[0];
      // --all re-queues every object (and ignores --trigger, as before): a store change like the one-object case.
      if (o.all || !o.trigger)
        return runStoreCommand({
          dataDirOption: o.dataDir,
          command: 'ox-connector tasks reprovision',
          action: 'tasks-reprovision',
          args: { ref, all: o.all, type: o.type, json: o.json },
          waitSeconds: o.waitSeconds,
        });
      // --trigger writes into the UCS listener's directory only: no lock, works beside a runner (decision 0205).
      return withTaskAdmin(o.dataDir, (admin) => {
        if (!ref) throw new UsageError('Name the object (DN or id), or use --all.');
        const stored = admin.store.getObject(ref) ?? admin.store.getObjectByDn(ref);
        const target = stored ?? (o.entryUuid ? { objectId: o.entryUuid, dn: ref, udmType: o.typeOf } : undefined);
        if (!target)
          throw new UsageError(
            `${ref} is not known to the connector; give its entryUUID with --entry-uuid to trigger it.`,
          );
        const file = admin.trigger(target, o.listenerDir);
        report(
          o,
          { triggerFile: file, dn: target.dn },
          `Wrote ${file}; the UCS listener re-reads ${target.dn} and queues it.`,
        );
      });
    });
}

type Reprovision = Common & {
  all?: boolean;
  type?: string;
  trigger?: boolean;
  listenerDir: string;
  entryUuid?: string;
  typeOf: string;
};
