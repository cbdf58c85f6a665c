// `run` with OX_CONNECTOR_HTTP_LISTEN: the metrics are made before the OX client and the runner (they observe
// both), the endpoints start once the runner's store is open. Configuration errors exit 2 before the runner
// lock is taken.
import { HttpEndpointError, httpEndpointFrom, type HttpEndpointSettings } from '../config/http-endpoint.js';
import type { Runner } from '../engine/runner.js';
import type { Logger } from '../ops/log.js';
import { ConnectorMetrics } from '../ops/http/metrics.js';
import { startHttpEndpoints, type RunningHttpEndpoints } from '../ops/http/server.js';

export interface HttpForRun {
  endpoint: HttpEndpointSettings;
  metrics: ConnectorMetrics;
}

/** undefined without OX_CONNECTOR_HTTP_LISTEN; exit 2 with what to change when it cannot be used. */
export function httpForRunOrExit(env: NodeJS.ProcessEnv): HttpForRun | undefined {
  try {
    const endpoint = httpEndpointFrom(env);
    return endpoint && { endpoint, metrics: new ConnectorMetrics() };
  } catch (err) {
    if (err instanceof HttpEndpointError) {
      console.error(`ox-connector: configuration: ${err.message}`);
      process.exit(2);
    }
    throw err;
  }
}

/** The running endpoints; undefined (exit code 2, the reason on stderr) when it cannot listen. */
export async function startHttpForRun(
  http: HttpForRun,
  runner: Runner,
  dataDir: string,
  log: Logger,
): Promise<RunningHttpEndpoints | undefined> {
  const watched = { dataDir, queueDir: runner.queue.dir, store: runner.store, policy: runner.engine.policy };
  http.metrics.watch(watched);
  const { host, port, password } = http.endpoint;
  try {
    return await startHttpEndpoints({ host, port, password, metrics: http.metrics, watched, log });
  } catch (err) {
    console.error(`ox-connector: configuration: ${(err as Error).message}`);
    process.exitCode = 2;
    return undefined;
  }
}
