/**
 * What the figures were measured on: CPUs, load, Node, commit. Benchmarks on a shared or busy
 * machine are not comparable with a quiet one, so the report says which it was.
 */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { REPO_ROOT } from './connector-env.js';

export function machineLine(): string {
  const cpuList = cpus();
  const model = cpuList[0]?.model.replace(/\s+/g, ' ').trim() ?? 'unknown CPU';
  return `${cpuList.length} CPUs (${model}), Node ${process.version}, commit ${commit()}, ${loadLine()}`;
}

export function loadLine(): string {
  return `load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`;
}

function commit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}
