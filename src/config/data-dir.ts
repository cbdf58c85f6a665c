// Which data directory a command works on, and whether the connector's user may write it (decision 0227).
// The UCS app path is the default only on a host where it exists (a UCS host with the app installed); anywhere
// else a command refuses rather than silently creating /var/lib/univention-appcenter/… (docs/reference/data-directory.md).
import { accessSync, closeSync, constants, mkdirSync, openSync, statSync, unlinkSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_DATA_DIR } from './settings.js';

/** The UCS app's data directory (mounted into the app's container as /var/lib/univention-appcenter/…/data). */
export const UCS_DATA_DIR = DEFAULT_DATA_DIR;

export type DataDirOrigin = '--data-dir' | 'OX_CONNECTOR_DATA_DIR' | 'ucs-app';

export interface DataDirChoice {
  dir: string;
  origin: DataDirOrigin;
}

/** A data directory that cannot be used; the message names it and what to do. */
export class DataDirError extends Error {
  override name = 'DataDirError';
}

const HOW_TO_CHOOSE = 'pass --data-dir DIR or set OX_CONNECTOR_DATA_DIR=DIR';

/**
 * --data-dir, else OX_CONNECTOR_DATA_DIR, else the UCS app's directory where it exists; else DataDirError.
 * `ucsDir` is a parameter so tests can stand in for a UCS host.
 */
export function chooseDataDir(
  option: string | undefined,
  env: Record<string, string | undefined> = process.env,
  ucsDir: string = UCS_DATA_DIR,
): DataDirChoice {
  if (option !== undefined && option.trim() !== '') return { dir: option, origin: '--data-dir' };
  const fromEnv = env.OX_CONNECTOR_DATA_DIR?.trim();
  if (fromEnv) return { dir: fromEnv, origin: 'OX_CONNECTOR_DATA_DIR' };
  if (isDirectory(ucsDir)) return { dir: ucsDir, origin: 'ucs-app' };
  throw new DataDirError(
    `No data directory given, and this is no UCS host with the OX Connector app (${ucsDir} does not exist): ` +
      `${HOW_TO_CHOOSE} (the directory holds the queue, the state store and the credentials).`,
  );
}

/** The start-up line that says which directory is used and why. */
export function describeDataDirChoice(choice: DataDirChoice): string {
  if (choice.origin === 'ucs-app')
    return `Data directory ${choice.dir}: the UCS app's directory, found on this host (no --data-dir or OX_CONNECTOR_DATA_DIR given)`;
  return `Data directory ${choice.dir} (from ${choice.origin})`;
}

/** "nobody (uid 65534)"; the uid alone where the user has no name (a container's arbitrary uid). */
export function processUser(): string {
  const uid = process.getuid?.() ?? -1;
  try {
    return `${userInfo().username} (uid ${uid})`;
  } catch {
    return `uid ${uid}`;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Files in the data directory the connector must be able to write besides new ones (the state store). */
const WRITTEN_IN_PLACE = ['ox-connector.db', 'ox-connector.db-wal', 'ox-connector.db-shm'];

/**
 * Makes sure the connector can work in `dir`: it is (or, with `create`, becomes) a directory this process may
 * create files in, and the state store's files there are writable. A real write is tried, because root passes
 * every permission check but still cannot write a read-only file system.
 */
export function checkDataDirWritable(dir: string, options: { create: boolean }): void {
  const cannot = (what: string, err: unknown): DataDirError => {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    if (code === 'ENOTDIR' || code === 'EEXIST')
      return new DataDirError(
        `The data directory ${dir} cannot be used: part of that path is a file, not a directory (${code}); ` +
          `remove the file or ${HOW_TO_CHOOSE}.`,
      );
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS')
      return new DataDirError(
        `The data directory ${dir} is not writable for the user the connector runs as, ${processUser()}: ` +
          `cannot ${what} (${code}). Give that user write access (for example chown -R to it), ` +
          `or ${HOW_TO_CHOOSE}.`,
      );
    return new DataDirError(`The data directory ${dir} cannot be used: cannot ${what} (${code}); ${HOW_TO_CHOOSE}.`);
  };
  if (options.create) {
    try {
      mkdirSync(dir, { recursive: true });
    } catch (err) {
      throw cannot('create it', err);
    }
  } else if (!isDirectory(dir)) {
    throw new DataDirError(`The data directory ${dir} does not exist or is no directory; ${HOW_TO_CHOOSE}.`);
  }
  if (!isDirectory(dir)) throw cannot('use it', Object.assign(new Error(), { code: 'ENOTDIR' }));
  const probe = join(dir, `.ox-connector-write-test.${process.pid}`);
  try {
    closeSync(openSync(probe, 'w', 0o600));
    unlinkSync(probe);
  } catch (err) {
    throw cannot('create files in it', err);
  }
  for (const name of WRITTEN_IN_PLACE) {
    try {
      accessSync(join(dir, name), constants.R_OK | constants.W_OK);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw cannot(`write ${join(dir, name)}`, err);
    }
  }
}
