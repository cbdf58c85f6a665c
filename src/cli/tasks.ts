// `ox-connector tasks …`: list, show, retry, skip and re-provision queued and parked items (the manual's §6.4
// steps and the 3.x task CLI as sub-commands). Every sub-command has --help; list/show have --json.
import { Command, Option } from 'commander';
import { DEFAULT_LISTENER_REQUEST_DIR, describeItem, TaskAdmin, type TaskItem } from '../admin/task-admin.js';
import { createLogger, escapeControl } from '../ops/log.js';
import { retryText } from '../ops/status.js';
import { DATA_DIR_OPTION, emit, withTaskAdmin } from './admin-common.js';
import { exitCodes, UsageError } from './exit-codes.js';

interface Common {
  dataDir?: string;
  json?: boolean;
}

/**
 * `writes`: for the sub-commands that change the store, the command name (they run under the runner lock and
 * are refused while a runner runs); undefined for the read-only ones.
 */
function withAdmin<T extends Common>(
  f: (admin: TaskAdmin, options: T, ...args: string[]) => void,
  writes?: (options: T) => string | undefined,
) {
  return (...args: unknown[]) => {
    const cmd = args[args.length - 1] as Command;
    const options = cmd.optsWithGlobals() as T;
    const positional = args.slice(0, -2).filter((a): a is string => typeof a === 'string');
    return withTaskAdmin(options.dataDir, (admin) => f(admin, options, ...positional), writes?.(options));
  };
}

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

const log = () => createLogger('INFO', (l) => console.error(l));
/**
 * What an action did: one line of text that names directory data (printed escaped, as the log does), or with
 * --json its figures and that line as "message" (decision 0303).
 */
const report = (o: Common, figures: Record<string, unknown>, message: string) =>
  emit(Boolean(o.json), { ...figures, message }, () => escapeControl(message));
const JSON_OPTION = ['--json', 'print the result as JSON'] as const;

export function registerTasks(program: Command): void {
  const tasks = exitCodes(program.command('tasks'), [
    [0, 'done'],
    [1, 'nothing queued for the item named, or refused while a connector runs on the data directory'],
  ])
    .description('inspect and act on queued, parked and held items (retry, skip, re-provision)')
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
    [1, 'nothing queued for [ref], or refused while a connector runs on the data directory'],
  ])
    .description(
      'make a parked item due now: the connector retries it when it runs next (refused while one runs: stop it first)',
    )
    .option('--all', 'retry every parked item')
    .option(...JSON_OPTION)
    .action(
      withAdmin<Common & { all?: boolean }>(
        (admin, o, ref) => {
          if (o.all) {
            const n = admin.retryAll();
            report(o, { retried: n }, `Retrying ${n} parked object(s) with the next pass.`);
            return;
          }
          if (!ref) throw new UsageError('Name the item to retry (object id, DN or queue file), or use --all.');
          const item = mustFind(admin, ref);
          const message = admin.retry(item);
          report(o, { retried: item.status === 'parked' ? 1 : 0, objectId: item.objectId ?? null }, message);
        },
        () => 'ox-connector tasks retry',
      ),
    );

  exitCodes(tasks.command('skip <ref>'), [
    [0, 'the item was discarded'],
    [1, 'nothing queued for <ref>, or refused while a connector runs on the data directory'],
  ])
    .description('discard an item (all its queued changes) after careful consideration; the reason is logged')
    .requiredOption('--reason <text>', 'why it is discarded (written to the log and ox-connector-tasks.log)')
    .option(...JSON_OPTION)
    .action(
      withAdmin<Common & { reason: string }>(
        (admin, o, ref) => {
          if (o.reason.trim() === '')
            throw new UsageError('Give a reason for discarding (--reason "..."); it is logged.');
          const item = mustFind(admin, ref);
          const files = admin.skip(item, o.reason);
          log().warning(`Skipped ${describeItem(item)}: ${o.reason}`, { files: files.length });
          const again = item.objectId
            ? '\nIt is provisioned again with its next change (or: ox-connector tasks reprovision).'
            : '';
          emit(
            Boolean(o.json),
            {
              discarded: files.length,
              files,
              objectId: item.objectId ?? null,
              message: `Discarded ${files.length} queued change(s) of ${describeItem(item)}.`,
            },
            () => escapeControl(`Discarded ${files.length} queued change(s) of ${describeItem(item)}.`) + again,
          );
        },
        () => 'ox-connector tasks skip',
      ),
    );

  exitCodes(tasks.command('reprovision [ref]'), [
    [0, 'queued (or, with --trigger, the trigger file written)'],
    [1, '[ref] was never provisioned, or refused while a connector runs on the data directory'],
  ])
    .description('re-provision one object by DN or id from its stored state (every field sent), or all objects')
    .option('--all', 'every provisioned object (may take long; never deletes anything)')
    .option('--type <udm type>', 'with --all: only this type')
    .option('--trigger', 'instead: write a listener trigger file (manual Listing 6.3) so UCS re-reads the object')
    .option('--listener-dir <dir>', 'with --trigger: the listener request directory', DEFAULT_LISTENER_REQUEST_DIR)
    .option('--entry-uuid <uuid>', 'with --trigger: entryUUID of an object the connector does not know')
    .option('--type-of <udm type>', 'with --trigger and --entry-uuid: its UDM type', 'users/user')
    .option(...JSON_OPTION)
    .action(
      withAdmin<
        Common & {
          all?: boolean;
          type?: string;
          trigger?: boolean;
          listenerDir: string;
          entryUuid?: string;
          typeOf: string;
        }
      >(
        (admin, o, ref) => {
          if (o.all) {
            const n = admin.reprovisionAll(o.type, (i) => {
              if (process.stderr.isTTY && i % 1000 === 0) process.stderr.write(`\r${i} objects queued`);
            });
            if (process.stderr.isTTY) process.stderr.write('\n');
            report(o, { queued: n }, `Queued ${n} object(s) for re-provisioning. Deletions are not replayed.`);
            return;
          }
          if (!ref) throw new UsageError('Name the object (DN or id), or use --all.');
          const stored = admin.store.getObject(ref) ?? admin.store.getObjectByDn(ref);
          if (o.trigger) {
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
            return;
          }
          if (!stored) {
            throw new Error(
              `${ref} was never provisioned (or was removed from the cache); re-provision it from the directory with --trigger --entry-uuid <uuid>, or change it in UDM.`,
            );
          }
          const file = admin.reprovision(stored);
          report(
            o,
            { queued: 1, file, dn: stored.dn },
            `Object ${stored.dn} has been scheduled to be re-provisioned with file ${file}.`,
          );
        },
        (o) => (o.trigger ? undefined : 'ox-connector tasks reprovision'),
      ),
    );
}
