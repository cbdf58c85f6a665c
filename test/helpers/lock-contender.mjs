// A process that contends for a data directory lock (src/engine/lock.ts, built into dist/), told what to do on
// stdin, one command per line:
//   go <epoch ms> <lock file name>  wait (spinning, so every contender starts at the same instant) until that
//                                   time, try the lock, answer "got" or "refused"
//   release                         release the lock if held, answer "released"
//   die                             end by SIGKILL, holding whatever it holds (a stale lock left by a dead PID)
import { createInterface } from 'node:readline';
import { resolve } from 'node:path';

const { acquireRunnerLock } = await import(resolve(import.meta.dirname, '../../dist/engine/lock.js'));
const dataDir = process.argv[2];
let release;

for await (const line of createInterface({ input: process.stdin })) {
  const [command, at, fileName] = line.split(' ');
  if (command === 'go') {
    while (Date.now() < Number(at));
    try {
      release = acquireRunnerLock(dataDir, fileName);
      console.log('got');
    } catch {
      console.log('refused');
    }
  } else if (command === 'release') {
    release?.();
    release = undefined;
    console.log('released');
  } else if (command === 'die') {
    process.kill(process.pid, 'SIGKILL');
  }
}
