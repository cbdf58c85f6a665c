// Single-runner lock per data directory: <data dir>/ox-connector.lock holds the runner's PID. A lock left by a
// dead process (crash, kill -9) is taken over; a live one is refused with a message naming its PID.
import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export class RunnerLockedError extends Error {
  override name = 'RunnerLockedError';
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** `holder` names the process kind in the refusal ("ox-connector runner", "LDAP source"); `fileName` its lock file. */
export function acquireRunnerLock(
  dataDir: string,
  fileName = 'ox-connector.lock',
  holder = 'ox-connector runner',
): () => void {
  const path = join(dataDir, fileName);
  mkdirSync(dataDir, { recursive: true }); // A fresh installation: the data directory may not exist yet.
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o644);
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return () => {
        try {
          if (readFileSync(path, 'utf8').trim() === String(process.pid)) unlinkSync(path);
        } catch {
          /* already gone */
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    let pid = NaN;
    try {
      pid = Number(readFileSync(path, 'utf8').trim());
    } catch {
      continue; // removed meanwhile: try again
    }
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) {
      throw new RunnerLockedError(
        `Another ${holder} (PID ${pid}) is already processing ${dataDir}; stop it first (lock file ${path}).`,
      );
    }
    try {
      unlinkSync(path); // stale lock of a process that is gone
    } catch {
      /* someone else took it over */
    }
  }
  throw new RunnerLockedError(`Could not take the lock ${path}; try again.`);
}
