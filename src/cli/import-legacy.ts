// `ox-connector import-legacy [--from DIR] [--offline] [--dry-run] [--json]`: takes over from the Python
// connector (2.x) — its listener/old/*.json, old.db and meta.db — so the queue continues where it stopped, and
// its credentials, attribute mapping, access profiles and pending queue files (admin/legacy-files.ts).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { LegacyFilesReport } from '../admin/legacy-files.js';
import { importLegacy, type LegacyImportReport } from '../admin/legacy-import.js';
import { TaskAdmin } from '../admin/task-admin.js';
import { readLegacyData } from '../sources/legacy/old-files.js';
import { DATA_DIR_OPTION, dataDirOf, emit, openAdminStores, takeStoreLock } from './admin-common.js';
import { adminSettings, oxClientFor } from './ox-connection.js';
import { exitCodes, UsageError } from './exit-codes.js';

function text(report: LegacyImportReport, extra: string[]): string {
  const lines: string[] = [];
  const verb = report.dryRun ? 'Would import' : 'Imported';
  const types = Object.entries(report.byType).map(([t, n]) => `${n} ${t}`);
  lines.push(`${verb} ${report.imported.length} object(s)${types.length ? ` (${types.join(', ')})` : ''}.`);
  if (report.alreadyPresent.length > 0)
    lines.push(`${report.alreadyPresent.length} object(s) were already in the store and left as they are.`);
  if (report.aliases > 0) lines.push(`${report.aliases} former DN(s) from old.db kept as aliases.`);
  for (const item of report.imported) {
    for (const note of item.notes) lines.push(`  note: ${item.type} ${item.dn}: ${note}`);
  }
  if (report.notImported.length > 0) {
    lines.push(`Not imported (${report.notImported.length}):`);
    for (const p of report.notImported) lines.push(`  ${p.source}${p.dn ? ` (${p.dn})` : ''}: ${p.reason}`);
  }
  if (report.files) lines.push(...filesText(report.files, report.dryRun));
  return [...lines, ...extra].join('\n');
}

/** The files besides the old states: what was (or would be) taken over, and what the administrator must decide. */
function filesText(files: LegacyFilesReport, dryRun: boolean): string[] {
  const { queue } = files;
  if (files.inPlace) {
    const present = files.files.filter((f) => f.action === 'in-place').map((f) => f.name);
    const lines = [
      `--from is the data directory: the Python connector's files are already in place (${[...present, `${queue.files} queued change(s)`].join(', ')}); nothing to copy.`,
    ];
    for (const f of files.files.filter((x) => x.action !== 'in-place' && x.action !== 'absent'))
      lines.push(`  ${f.name}: ${f.note}`); // OX_CREDENTIALS_FILE elsewhere: still taken over
    for (const s of queue.skipped) lines.push(`  ${s.file}: ${s.reason}`);
    return lines;
  }
  const lines = [`Files of the Python connector${dryRun ? ' (dry run: nothing copied)' : ''}:`];
  for (const f of files.files) lines.push(`  ${f.name}: ${f.action === 'conflict' ? 'CONFLICT: ' : ''}${f.note}`);
  const verb = dryRun ? 'would be copied' : 'copied';
  lines.push(
    `  queue: ${queue.files} pending change(s) ${verb} from ${queue.from} to ${queue.to}${queue.same ? `, ${queue.same} there already` : ''}${queue.earlier ? `, ${queue.earlier} taken over by an earlier import-legacy (not copied again)` : ''}${queue.files ? ` (the originals stay in ${queue.from}; do not start the Python connector again)` : ''}`,
  );
  for (const c of queue.conflicts) lines.push(`  CONFLICT: ${c.file}: ${c.note}`);
  for (const s of queue.skipped) lines.push(`  ${s.file}: ${s.reason}`);
  return lines;
}

export function registerImportLegacy(program: Command): void {
  exitCodes(program.command('import-legacy'), [
    [0, 'everything was imported (or, with --dry-run, would be)'],
    [1, 'failed: OX could not be asked, or a connector runs on the data directory'],
    [
      2,
      'some objects or files were not imported and wait for your decision (listed), or a usage or configuration error',
    ],
  ])
    .description(
      'take over from the Python connector: record its last provisioned states (listener/old/*.json, old.db) so the queue continues where it stopped; safe to run twice',
    )
    .option(...DATA_DIR_OPTION)
    .option('--from <dir>', "the Python connector's data directory, if not the same (its listener/ folder is read)")
    .option(
      '--offline',
      'do not ask OX for group and resource ids (they are then adopted by name at their next change)',
    )
    .option('--dry-run', 'show what would be imported; change nothing')
    .option('--json', 'print the report as JSON')
    .action(async (o: { dataDir?: string; from?: string; offline?: boolean; dryRun?: boolean; json?: boolean }) => {
      const dataDir = dataDirOf(o.dataDir);
      const from = o.from ?? dataDir;
      if (!existsSync(join(from, 'listener'))) {
        throw new UsageError(
          `${join(from, 'listener')} does not exist: pass --from with the Python connector's data directory.`,
        );
      }
      const legacy = readLegacyData(from);
      const extra: string[] = [];
      if (legacy.oldDb === 'absent')
        extra.push(`No ${join(legacy.listenerDir, 'old.db')}: DNs were taken from the old files.`);
      if (legacy.meta && (legacy.meta.errors ?? '0') !== '0') {
        extra.push(
          `The Python connector stopped with ${legacy.meta.errors} error(s) at ${legacy.meta.filename ?? '?'}: ${legacy.meta.message ?? ''}. That queue file is still queued and is provisioned next.`,
        );
      }
      if (existsSync(join(from, 'listener', 'ox-connector.db'))) {
        extra.push(
          `${join(from, 'listener', 'ox-connector.db')} (connector 3.x) is not imported (decision 0141); use "ox-connector tasks reprovision --all" after the first run if it held newer states.`,
        );
      }
      const settings = adminSettings(dataDir);
      // Not while the connector runs: the import is meant to come before the first run over the old queue.
      const release = o.dryRun ? () => {} : takeStoreLock(dataDir, 'ox-connector import-legacy', true);
      try {
        const stores = openAdminStores(dataDir);
        const ox = o.offline ? undefined : oxClientFor(settings);
        try {
          const report = await importLegacy(legacy, stores.store, {
            settings,
            ox,
            dryRun: !!o.dryRun,
            files: { from, dataDir, credentialsFile: settings.credentialsFile },
          });
          if (!o.dryRun) {
            new TaskAdmin(dataDir, stores.store, stores.policy).audit(
              'import-legacy',
              null,
              `imported ${report.imported.length} object(s) from ${legacy.listenerDir}, ${report.alreadyPresent.length} already present, ${report.notImported.length} not imported`,
            );
          }
          emit(!!o.json, { ...report, messages: extra }, () => text(report, extra));
          if (report.notImported.length > 0 || (report.files?.notTakenOver ?? 0) > 0) process.exitCode = 2;
        } finally {
          ox?.close();
          stores.close();
        }
      } finally {
        release();
      }
    });
}
