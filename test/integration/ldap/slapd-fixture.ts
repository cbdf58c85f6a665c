// Test helpers for the LDAP source: the throwaway slapd (shared with bench/, in scripts/slapd/) and queue reading.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export { type Slapd, SLAPD_ROOT_PASSWORD, startSlapd } from '../../../scripts/slapd/slapd.js';

export interface QueuedRecord {
  file: string;
  id: string;
  dn: string;
  udm_object_type: string;
  object: Record<string, unknown> | null;
  options: string[] | null;
}

export function readQueue(dataDir: string): QueuedRecord[] {
  const directory = join(dataDir, 'listener');
  let names: string[] = [];
  try {
    names = readdirSync(directory)
      .filter((name) => name.endsWith('.json'))
      .sort();
  } catch {
    return [];
  }
  return names.map((file) => ({ file, ...JSON.parse(readFileSync(join(directory, file), 'utf8')) }));
}

export async function waitFor<T>(what: string, probe: () => T | undefined | false, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Like waitFor, for async probes (SOAP reads). */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
