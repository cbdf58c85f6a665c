// The administrator commands that change the store and that a runner carries out for them while it holds the
// data directory (decision 0345): `cache rebuild`, `cache remove`, `tasks retry`, `tasks skip`, `tasks
// reprovision` (not --trigger). One body each, run either by the command itself (under the runner lock) or by
// the runner between its batches: the same code, writing through a CommandOutput, so the command prints the
// same result and exits with the same code either way.
import { deleteUserIds, forgetObject, rebuildUserIds } from '../admin/id-cache.js';
import { describeItem, type TaskAdmin, type TaskItem } from '../admin/task-admin.js';
import { createLogger, escapeControl, printableJson } from '../ops/log.js';
import { formatProgress, progressPerPart } from '../ops/progress.js';
import { UsageError } from './exit-codes.js';
import { adminSettings, oxClientFor } from './ox-connection.js';
import { ADMIN_CALL_RETRY_DELAYS_MS, retryAnsweredFaults } from '../engine/call-retry.js';

/** Where a command's result goes: the terminal (run directly) or the request's row (run by the runner). */
export interface CommandOutput {
  stdout(text: string): void;
  stderr(text: string): void;
  exitCode(code: number): void;
  /** A progress line of long work (a log line when run directly; the runner's log and the waiting command). */
  progress(line: string): void;
  /** A terminal on stderr: progress as a bar (only when run directly). */
  readonly tty: boolean;
}

export const directOutput: CommandOutput = {
  stdout: (text) => console.log(text),
  stderr: (text) => console.error(text),
  exitCode: (code) => void (process.exitCode = code),
  progress: (line) => createLogger('INFO', (l) => console.error(l)).info(line),
  get tty() {
    return Boolean(process.stderr.isTTY);
  },
};

/** Prints JSON (--json) or text; JSON without raw control characters (the text's maker escapes its fields). */
function emit(out: CommandOutput, json: boolean | undefined, value: unknown, text: () => string): void {
  out.stdout(json ? printableJson(value, 2) : text());
}

/** One line of text naming directory data (printed escaped), or with --json its figures and that line (0303). */
function report(out: CommandOutput, json: boolean | undefined, figures: Record<string, unknown>, message: string) {
  emit(out, json, { ...figures, message }, () => escapeControl(message));
}

function mustFind(admin: TaskAdmin, ref: string): TaskItem {
  const item = admin.find(ref);
  if (!item)
    throw new Error(
      `Nothing queued for ${ref} (give an object id, a DN or a queue file name; see: ox-connector tasks list).`,
    );
  return item;
}

function progressBar(done: number, total: number, ctx: number): void {
  const width = 30;
  const filled = total === 0 ? width : Math.round((done / total) * width);
  process.stderr.write(`\rcontext ${ctx} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`);
  if (done >= total) process.stderr.write('\n');
}

export interface CacheRebuildArgs {
  delete?: boolean;
  context?: number;
  chunkSize: number;
  json?: boolean;
}

async function cacheRebuild(admin: TaskAdmin, o: CacheRebuildArgs, out: CommandOutput): Promise<void> {
  if (o.delete) {
    const n = deleteUserIds(admin.store, o.context);
    admin.audit('cache-delete', null, `forgot ${n} cached user id(s)${o.context ? ` in context ${o.context}` : ''}`);
    emit(out, o.json, { removed: n }, () => `${n} cached user id(s) removed.`);
    return;
  }
  const ox = oxClientFor(adminSettings(admin.dataDir));
  try {
    // A fault OX answered is retried per call more patiently than `run` (decisions 0216, 0330).
    const report = await rebuildUserIds(admin.store, retryAnsweredFaults(ox, ADMIN_CALL_RETRY_DELAYS_MS), {
      context: o.context,
      chunkSize: o.chunkSize,
      // On a terminal a bar; otherwise a line at most every 5 s for a context of 500 users or more (0302).
      onProgress: out.tty
        ? progressBar
        : progressPerPart((r, ctx) => out.progress(`cache rebuild: context ${ctx}: ${formatProgress(r, 'users')}`)),
      onWarning: (m) => out.stderr(`warning: ${m}`),
    });
    admin.audit('cache-rebuild', null, JSON.stringify(report));
    emit(
      out,
      o.json,
      report,
      () =>
        `${report.checked} user(s) in ${report.contexts} context(s) checked, ${report.updated} id(s) updated, ${report.missing} not found in OX (they are created again with their next change).`,
    );
    if (report.skippedContexts.length > 0) out.exitCode(1);
  } finally {
    ox.close();
  }
}

function cacheRemove(admin: TaskAdmin, o: { dn: string; json?: boolean }, out: CommandOutput): void {
  const gone = forgetObject(admin.store, o.dn);
  if (!gone) {
    emit(out, o.json, { dn: o.dn, removed: false }, () => escapeControl(`${o.dn} not found`));
    out.exitCode(1);
    return;
  }
  admin.audit('cache-remove', gone, 'removed from the cache');
  emit(out, o.json, { dn: gone.dn, removed: true }, () => escapeControl(`Removing ${gone.dn}`));
}

function tasksRetry(admin: TaskAdmin, o: { ref?: string; all?: boolean; json?: boolean }, out: CommandOutput): void {
  if (o.all) {
    const n = admin.retryAll();
    report(out, o.json, { retried: n }, `Retrying ${n} parked object(s) with the next pass.`);
    return;
  }
  if (!o.ref) throw new UsageError('Name the item to retry (object id, DN or queue file), or use --all.');
  const item = mustFind(admin, o.ref);
  const message = admin.retry(item);
  report(out, o.json, { retried: item.status === 'parked' ? 1 : 0, objectId: item.objectId ?? null }, message);
}

function tasksSkip(admin: TaskAdmin, o: { ref: string; reason: string; json?: boolean }, out: CommandOutput): void {
  if (o.reason.trim() === '') throw new UsageError('Give a reason for discarding (--reason "..."); it is logged.');
  const item = mustFind(admin, o.ref);
  const files = admin.skip(item, o.reason);
  createLogger('INFO', (l) => out.stderr(l)).warning(`Skipped ${describeItem(item)}: ${o.reason}`, {
    files: files.length,
  });
  const again = item.objectId
    ? '\nIt is provisioned again with its next change (or: ox-connector tasks reprovision).'
    : '';
  const message = `Discarded ${files.length} queued change(s) of ${describeItem(item)}.`;
  emit(
    out,
    o.json,
    { discarded: files.length, files, objectId: item.objectId ?? null, message },
    () => escapeControl(message) + again,
  );
}

export interface ReprovisionArgs {
  ref?: string;
  all?: boolean;
  type?: string;
  json?: boolean;
}

function tasksReprovision(admin: TaskAdmin, o: ReprovisionArgs, out: CommandOutput): void {
  if (o.all) {
    const n = admin.reprovisionAll(o.type, (i) => {
      if (out.tty && i % 1000 === 0) process.stderr.write(`\r${i} objects queued`);
    });
    if (out.tty) process.stderr.write('\n');
    report(out, o.json, { queued: n }, `Queued ${n} object(s) for re-provisioning. Deletions are not replayed.`);
    return;
  }
  if (!o.ref) throw new UsageError('Name the object (DN or id), or use --all.');
  const stored = admin.store.getObject(o.ref) ?? admin.store.getObjectByDn(o.ref);
  if (!stored)
    throw new Error(
      `${o.ref} was never provisioned (or was removed from the cache); re-provision it from the directory with --trigger --entry-uuid <uuid>, or change it in UDM.`,
    );
  const file = admin.reprovision(stored);
  report(
    out,
    o.json,
    { queued: 1, file, dn: stored.dn },
    `Object ${stored.dn} has been scheduled to be re-provisioned with file ${file}.`,
  );
}

type Body = (admin: TaskAdmin, args: never, out: CommandOutput) => void | Promise<void>;

/** The served commands by action name (stored in a request row: names, never code). */
export const STORE_COMMANDS = {
  'cache-rebuild': cacheRebuild,
  'cache-remove': cacheRemove,
  'tasks-retry': tasksRetry,
  'tasks-skip': tasksSkip,
  'tasks-reprovision': tasksReprovision,
} satisfies Record<string, Body>;

export type StoreAction = keyof typeof STORE_COMMANDS;
export type ArgsOf<A extends StoreAction> = Parameters<(typeof STORE_COMMANDS)[A]>[1];

export function isStoreAction(name: string): name is StoreAction {
  return Object.hasOwn(STORE_COMMANDS, name);
}
