/**
 * Programmatic start of the OX App Suite emulator (tests, benchmarks, demo). The CLI command
 * `ox-connector emulator` is a thin wrapper around this.
 */
import type { AddressInfo } from 'node:net';
import { OxModel, type OxModelOptions } from './model/index.js';
import { createEmulatorServer } from './server.js';
import { openStateFile } from './state-file.js';

export interface EmulatorOptions {
  host?: string;
  /** 0 (default here) picks a free port. */
  port?: number;
  masterAdmin?: string;
  masterPassword: string;
  uniqueDisplayNames?: boolean;
  latencyMs?: number;
  faultRate?: number;
  /** Seed of the pseudo-random choice of failing calls (docs/decisions/0111). Default 1. */
  faultSeed?: number;
  /**
   * JSON state file: loaded at start; every accepted change is journaled to `<statePath>.journal` (and on disk)
   * before it is answered; snapshot rewritten at start, when the journal grows, and on close (decision 0230).
   */
  statePath?: string;
  /** fdatasync the journal before answering (default true); false: a change survives kill -9 but not a crashed machine. */
  stateSync?: boolean;
  /** Journal size above which it is folded into a new snapshot (default 8 MiB, or the snapshot's size if larger). */
  journalCompactBytes?: number;
  /** Services to leave out (404), e.g. ['OXDeputyPermissionsService'] to imitate OX before 8. */
  disabledServices?: string[];
  /** Other OX settings the model understands (login-name changes, …). */
  model?: Partial<OxModelOptions>;
  log?: (line: string) => void;
}

export interface RunningEmulator {
  /** e.g. http://127.0.0.1:41234/webservices */
  readonly url: string;
  readonly port: number;
  readonly model: OxModel;
  /**
   * Stops like a dead OX: no new connections, and every open one (idle keep-alive or mid-request) is cut, so
   * clients see the outage at once instead of being served on old keep-alive sockets. Then writes the state
   * file's final snapshot (every answered change is already in its journal).
   */
  close(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions): Promise<RunningEmulator> {
  const modelOptions: OxModelOptions = {
    ...options.model,
    masterAdmin: options.masterAdmin ?? 'oxadminmaster',
    masterPassword: options.masterPassword,
    uniqueDisplayNames: options.uniqueDisplayNames ?? false,
  };
  const state =
    options.statePath === undefined
      ? undefined
      : openStateFile(
          {
            path: options.statePath,
            sync: options.stateSync,
            compactBytes: options.journalCompactBytes,
            log: options.log,
          },
          modelOptions,
        );
  const model = state?.model ?? new OxModel(modelOptions);

  const server = createEmulatorServer({
    model: state?.journaled ?? model,
    latencyMs: options.latencyMs,
    faultRate: options.faultRate,
    faultSeed: options.faultSeed,
    settled: state?.settled,
    disabledServices: options.disabledServices,
    log: options.log,
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  }).catch(async (error: unknown) => {
    // Not serving (e.g. the port is taken): leave the state file as a clean shutdown would.
    await state?.close();
    throw error;
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  let closed: Promise<void> | undefined;
  return {
    url: `http://${shownHost}:${port}/webservices`,
    port,
    model,
    close() {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }).finally(() => state?.close());
      return closed;
    },
  };
}

export { createEmulatorServer, type EmulatorModel, type EmulatorServerOptions } from './server.js';
export { generateWsdl } from './wsdl.js';
