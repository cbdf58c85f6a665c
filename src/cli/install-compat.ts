// `ox-connector install-compat [--data-dir DIR]`: copies the compatibility scripts (compat/: the names and paths
// the original manual prints, e.g. <data dir>/resources/get_current_error.py) into <data dir>/resources/, as
// the original's app/configure copied its share/ there. Idempotent: a file is written only when missing or
// different. `run` calls it at start (decision 0180), so the manual's paths exist without an extra step.
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { DataDirError } from '../config/data-dir.js';
import type { Logger } from '../ops/log.js';
import { DATA_DIR_OPTION, dataDirOf, emit } from './admin-common.js';
import { exitCodes } from './exit-codes.js';

export const RESOURCES_DIR = 'resources';

/** The shared helper the scripts import; install-compat writes the CLI command into it. */
const HELPER = '_ox_connector_compat.py';
const INSTALLED_COMMAND_LINE = 'INSTALLED_COMMAND = None';

/** The scripts, by the original's names (executable), and their helper. */
export const COMPAT_SCRIPTS = [
  'get_current_error.py',
  'change_attribute_mapping.py',
  'check_sync_status.py',
  'remove-from-ox-db-cache',
  'update-ox-db-cache',
  'rebuild-old.db',
] as const;

// compat/ sits next to src/ and dist/ in the package (src/cli/ and dist/cli/ are both two levels down).
const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const COMPAT_SOURCE = join(PACKAGE_ROOT, 'compat');

/** The command the installed scripts run: this node and the package's bin/ox-connector.js (absolute paths). */
export function defaultCliCommand(): string[] {
  return [process.execPath, join(PACKAGE_ROOT, 'bin', 'ox-connector.js')];
}

export interface CompatInstallReport {
  dir: string;
  written: string[];
  unchanged: string[];
}

function stamped(helperSource: string, command: string[]): string {
  if (!helperSource.includes(INSTALLED_COMMAND_LINE)) {
    throw new Error(
      `${join(COMPAT_SOURCE, HELPER)} lacks the line "${INSTALLED_COMMAND_LINE}"; reinstall ox-connector.`,
    );
  }
  // A JSON array of strings is also a Python list literal.
  return helperSource.replace(INSTALLED_COMMAND_LINE, `INSTALLED_COMMAND = ${JSON.stringify(command)}`);
}

/** Copies the scripts into <dataDir>/resources/, writing only what is missing or different. */
export function installCompat(dataDir: string, command: string[] = defaultCliCommand()): CompatInstallReport {
  if (!existsSync(dataDir)) {
    throw new DataDirError(
      `The data directory ${dataDir} does not exist; pass --data-dir or set OX_CONNECTOR_DATA_DIR.`,
    );
  }
  const dir = join(dataDir, RESOURCES_DIR);
  mkdirSync(dir, { recursive: true });
  const report: CompatInstallReport = { dir, written: [], unchanged: [] };
  for (const name of [HELPER, ...COMPAT_SCRIPTS]) {
    const source = readFileSync(join(COMPAT_SOURCE, name), 'utf8');
    const content = name === HELPER ? stamped(source, command) : source;
    const target = join(dir, name);
    const mode = name === HELPER ? 0o644 : 0o755;
    if (existsSync(target) && readFileSync(target, 'utf8') === content) {
      chmodSync(target, mode); // Cheap, and repairs a lost executable bit.
      report.unchanged.push(name);
      continue;
    }
    // Written beside and renamed, so a script being run never reads half a file.
    const tmp = `${target}.tmp-${process.pid}`;
    writeFileSync(tmp, content, { mode });
    chmodSync(tmp, mode);
    renameSync(tmp, target);
    report.written.push(name);
  }
  return report;
}

/** For `run` at start: installs or refreshes the scripts; a failure is a warning, never a reason not to run. */
export function refreshCompatScripts(dataDir: string, log: Logger): void {
  try {
    const r = installCompat(dataDir);
    if (r.written.length > 0)
      log.info(`Installed the manual's compatibility scripts into ${r.dir}`, { files: r.written });
  } catch (err) {
    log.warning(
      `Could not install the compatibility scripts into ${join(dataDir, RESOURCES_DIR)}: ${(err as Error).message}; run ox-connector install-compat`,
    );
  }
}

export function registerInstallCompat(program: Command): void {
  exitCodes(program.command('install-compat'), [
    [0, 'the scripts are in place'],
    [1, 'a script could not be written'],
  ])
    .description(
      `copy the original's script names (get_current_error.py, change_attribute_mapping.py, check_sync_status.py, remove-from-ox-db-cache, update-ox-db-cache, rebuild-old.db) into <data dir>/${RESOURCES_DIR}/`,
    )
    .option(...DATA_DIR_OPTION)
    .option('--json', 'print the result as JSON: {"dir", "written": [names], "unchanged": [names]}')
    .action((o: { dataDir?: string; json?: boolean }) => {
      const r = installCompat(dataDirOf(o.dataDir));
      emit(Boolean(o.json), r, () =>
        r.written.length === 0
          ? `${r.dir}: all ${r.unchanged.length} files up to date`
          : r.written.map((name) => `installed ${join(r.dir, name)}`).join('\n'),
      );
    });
}
