/**
 * Where the built connector lives and the settings every benchmark run gives it: a fresh data
 * directory in the UCS layout and the app settings (environment variables) pointing at the emulator.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CLI_PATH = join(REPO_ROOT, 'dist', 'cli', 'main.js');

/** Benchmark-only credentials for the throwaway emulator; never a real secret. */
export const MASTER_ADMIN = 'oxadminmaster';
export const MASTER_PASSWORD = 'bench-master-secret';

export interface ConnectorSettings {
  soapServer: string;
  dataDir: string;
  contextId: number;
  mailDomain: string;
  /** Undefined = the connector's default. */
  concurrency?: number;
  logLevel?: string;
}

/** A fresh data directory with an empty listener queue. */
export function freshDataDir(label: string): string {
  const dir = mkdtempSync(join(tmpdir(), `ox-bench-${label}-`));
  mkdirSync(join(dir, 'listener'), { recursive: true });
  mkdirSync(join(dir, 'secrets'), { recursive: true, mode: 0o700 });
  return dir;
}

export function listenerDir(dataDir: string): string {
  return join(dataDir, 'listener');
}

export function connectorEnv(s: ConnectorSettings): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    OX_SOAP_SERVER: s.soapServer,
    OX_MASTER_ADMIN: MASTER_ADMIN,
    OX_MASTER_PASSWORD: MASTER_PASSWORD,
    OX_CONNECTOR_DATA_DIR: s.dataDir,
    DEFAULT_CONTEXT: String(s.contextId),
    DOMAINNAME: s.mailDomain,
    OX_IMAP_SERVER: `imap://mail.${s.mailDomain}:143`,
    OX_SMTP_SERVER: `smtp://mail.${s.mailDomain}:587`,
  };
  // The benchmark's own environment must not leak a concurrency into the "default" run.
  delete env.OX_CONNECTOR_CONCURRENCY;
  if (s.concurrency !== undefined) env.OX_CONNECTOR_CONCURRENCY = String(s.concurrency);
  if (s.logLevel !== undefined) env.OX_CONNECTOR_LOG_LEVEL = s.logLevel;
  return env;
}
