// Settings of the Nubus source, named as in Univention's own consumer library (docs/reference/nubus-provisioning-api.md):
// PROVISIONING_API_BASE_URL, PROVISIONING_API_USERNAME (= the subscription name), PROVISIONING_API_PASSWORD or
// PROVISIONING_API_PASSWORD_FILE. The password is never printed.
import { existsSync, readFileSync } from 'node:fs';

export interface NubusSettings {
  /** Without a trailing slash, e.g. https://primary.example.org/univention/provisioning */
  baseUrl: string;
  /** The subscription name; the API takes it as the HTTP Basic user. */
  username: string;
  /** Never log this. */
  password: string;
}

export class NubusSettingsError extends Error {
  override name = 'NubusSettingsError';
}

/** Where `nubus subscribe` keeps the subscription password it generated (0600), relative to the data directory. */
export const STORED_PASSWORD_FILE = 'secrets/provisioning-api-password';

/**
 * `storedPasswordFile`: the password `nubus subscribe` generated; used when neither PROVISIONING_API_PASSWORD nor
 * PROVISIONING_API_PASSWORD_FILE is set.
 */
export function readNubusSettings(env: NodeJS.ProcessEnv = process.env, storedPasswordFile?: string): NubusSettings {
  const problems: string[] = [];
  const stored =
    storedPasswordFile !== undefined &&
    !env.PROVISIONING_API_PASSWORD &&
    !env.PROVISIONING_API_PASSWORD_FILE?.trim() &&
    existsSync(storedPasswordFile);
  if (stored) env = { ...env, PROVISIONING_API_PASSWORD_FILE: storedPasswordFile };
  const baseUrl = (env.PROVISIONING_API_BASE_URL?.trim() ?? '').replace(/\/+$/, '');
  if (!baseUrl)
    problems.push(
      'PROVISIONING_API_BASE_URL is not set: give the Provisioning API, e.g. https://<primary>/univention/provisioning (UCS) or http://<release>-provisioning-api (Kubernetes)',
    );
  else {
    let protocol = '';
    try {
      protocol = new URL(baseUrl).protocol;
    } catch {
      // Reported below.
    }
    if (protocol !== 'http:' && protocol !== 'https:')
      problems.push(`PROVISIONING_API_BASE_URL "${baseUrl}" is not an http:// or https:// URL`);
  }
  const username = env.PROVISIONING_API_USERNAME?.trim() ?? '';
  if (!username)
    problems.push('PROVISIONING_API_USERNAME is not set: give the name of the subscription the connector consumes');
  const password = readPassword(env, problems);
  if (problems.length > 0)
    throw new NubusSettingsError(`Nubus source settings are invalid:\n  - ${problems.join('\n  - ')}`);
  return { baseUrl, username, password: password ?? '' };
}

/** The admin account of `nubus subscribe|unsubscribe` (PROVISIONING_API_ADMIN_USERNAME, …_PASSWORD[_FILE]). */
export function readNubusAdmin(env: NodeJS.ProcessEnv = process.env): { username: string; password: string } {
  const problems: string[] = [];
  const username = env.PROVISIONING_API_ADMIN_USERNAME?.trim() ?? '';
  if (!username) problems.push('PROVISIONING_API_ADMIN_USERNAME is not set: give the Provisioning API admin account');
  const password = readPassword(env, problems, 'PROVISIONING_API_ADMIN_PASSWORD');
  if (problems.length > 0)
    throw new NubusSettingsError(`Provisioning API admin settings are invalid:\n  - ${problems.join('\n  - ')}`);
  return { username, password: password ?? '' };
}

function readPassword(
  env: NodeJS.ProcessEnv,
  problems: string[],
  name = 'PROVISIONING_API_PASSWORD',
): string | undefined {
  const file = env[`${name}_FILE`]?.trim() || undefined;
  const direct = env[name];
  if (file !== undefined && direct !== undefined && direct !== '') {
    problems.push(`${name} and ${name}_FILE are both set: keep only one`);
    return undefined;
  }
  if (file === undefined) {
    if (direct === undefined || direct === '')
      problems.push(`${name}_FILE (or ${name}) is not set: point it to a file holding the password`);
    return direct;
  }
  try {
    const password = readFileSync(file, 'utf8').replace(/\r?\n$/, '');
    if (password === '') problems.push(`${name}_FILE ${file} is empty: write the password into it`);
    return password;
  } catch (error) {
    problems.push(
      `${name}_FILE ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}): check the path and permissions`,
    );
    return undefined;
  }
}
