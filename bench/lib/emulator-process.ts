/**
 * The OX emulator as a real HTTP server in its own process, started through the product's CLI
 * (`ox-connector emulator`), so the connector talks to it over real sockets as it would to OX.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { callTimingSpawn } from './call-timing.js';
import { CLI_PATH, MASTER_ADMIN, MASTER_PASSWORD } from './connector-env.js';

export interface EmulatorProcess {
  /** The SOAP base as printed by the emulator, e.g. `http://127.0.0.1:40123/webservices`. */
  webservicesUrl: string;
  /** What OX_SOAP_SERVER must be set to (the URL without `/webservices`). */
  soapServer: string;
  pid: number;
  /** CPU time the emulator has used so far (user + system, from /proc); undefined where there is no /proc. */
  cpuMs(): number | undefined;
  stop(): Promise<void>;
}

const READY = /listening on (https?:\/\/\S+)/;

/** `extraArgs`: further `ox-connector emulator` flags, e.g. `['--state', file]`. */
export async function startEmulatorProcess(latencyMs: number, extraArgs: string[] = []): Promise<EmulatorProcess> {
  const probe = callTimingSpawn('emulator');
  const args = [...probe.args, CLI_PATH, 'emulator', '--port', '0', '--latency-ms', String(latencyMs), ...extraArgs];
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...probe.env, OX_MASTER_ADMIN: MASTER_ADMIN, OX_MASTER_PASSWORD: MASTER_PASSWORD },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await waitForReadyLine(child);
  const webservicesUrl = url.replace(/\/+$/, '');
  return {
    webservicesUrl,
    soapServer: webservicesUrl.replace(/\/webservices$/, ''),
    pid: child.pid ?? 0,
    cpuMs: () => processCpuMs(child.pid ?? 0),
    stop: () => stopChild(child),
  };
}

/** utime + stime of a running process from /proc/<pid>/stat (fields 14 and 15, in clock ticks of 10 ms). */
export function processCpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces; the fields after its closing parenthesis are plain.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

function waitForReadyLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(`The emulator did not report "listening on" within 20 s. stderr: ${stderr.trim() || '(empty)'}`),
      );
    }, 20_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = READY.exec(stdout);
      if (match) {
        clearTimeout(timer);
        child.stdout?.removeAllListeners('data');
        child.stdout?.resume(); // keep draining, so a chatty emulator never blocks on a full pipe
        resolve(match[1]);
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(
        new Error(
          `The emulator exited (code ${code}) before it was ready. Was \`npm run build\` run? stderr: ${stderr.trim()}`,
        ),
      );
    });
  });
}

/** SIGTERM, then SIGKILL after a grace period; resolves once the process is gone. */
export function stopChild(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
