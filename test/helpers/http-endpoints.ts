// A long-running `ox-connector run` with its HTTP endpoints on a port the kernel chose
// (OX_CONNECTOR_HTTP_LISTEN=127.0.0.1:0), found in the start line of its log.
import type { ChildProcess } from 'node:child_process';
import type { E2E } from './e2e.js';
import { until } from './e2e.js';

export interface RunningConnector {
  child: ChildProcess;
  /** http://127.0.0.1:<port> */
  base: string;
  /** Everything it wrote so far, stdout and stderr. */
  output(): string;
  stop(): Promise<void>;
}

export async function startWithHttp(t: E2E, env: Record<string, string> = {}): Promise<RunningConnector> {
  const child = t.start(['run'], { OX_CONNECTOR_HTTP_LISTEN: '127.0.0.1:0', ...env });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const closed = new Promise<void>((done) => child.once('close', () => done()));
  let port: string | undefined;
  await until(() => {
    port = /HTTP endpoints on 127\.0\.0\.1:(\d+)/.exec(out)?.[1];
    return port !== undefined || child.exitCode !== null;
  }, 'the connector to log its HTTP endpoints');
  if (port === undefined) throw new Error(`the connector ended without listening:\n${out}`);
  return {
    child,
    base: `http://127.0.0.1:${port}`,
    output: () => out,
    stop: async () => {
      child.kill('SIGTERM');
      await closed;
    },
  };
}

/** The value of one sample of a Prometheus text exposition ("name{labels}"), 0 when absent. */
export function sample(metrics: string, series: string): number {
  const line = metrics.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}
