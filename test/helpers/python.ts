// Python is only a test tool here: it drives clients and libraries nobody on this team wrote (zeep, libxml2) and
// writes fixtures in formats only its libraries write (GNU dbm). Tests that need it skip without it.
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';

/** The first python3 that can import `modules` (as in `import zeep, lxml`), or undefined. */
export function pythonWith(modules: string): string | undefined {
  return ['/usr/bin/python3', 'python3'].find(
    (exe) => spawnSync(exe, ['-c', `import ${modules}`], { stdio: 'ignore' }).status === 0,
  );
}

/**
 * Runs `script` with `args` and parses the JSON report it prints. Asynchronous, because the emulator the script
 * talks to may answer from this very process.
 */
export async function pythonReport<T>(python: string, script: string, args: string[]): Promise<T> {
  const { stdout } = await promisify(execFile)(python, [script, ...args], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(stdout) as T;
}
