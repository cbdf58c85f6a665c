// Settings of the Nubus source, named as in Univention's own consumer library (docs/reference/nubus-provisioning-api.md):
// PROVISIONING_API_BASE_URL, PROVISIONING_API_USERNAME (= the subscription name), PROVISIONING_API_PASSWORD or
// PROVISIONING_API_PASSWORD_FILE. The password is never printed.
import { readFileSync } from 'node:fs';

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

export function readNubusSettings(env: NodeJS.ProcessEnv = process.env): NubusSettings {
  const problems: string[] = [];
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

function readPassword(env: NodeJS.ProcessEnv, problems: string[]): string | undefined {
  const file = env.PROVISIONING_API_PASSWORD_FILE?.trim() || undefined;
  const direct = env.PROVISIONING_API_PASSWORD;
  if (file !== undefined && direct !== undefined && direct !== '') {
    problems.push('PROVISIONING_API_PASSWORD and PROVISIONING_API_PASSWORD_FILE are both set: keep only one');
    return undefined;
  }
  if (file === undefined) {
    if (direct === undefined || direct === '')
      problems.push(
        'PROVISIONING_API_PASSWORD_FILE (or PROVISIONING_API_PASSWORD) is not set: point it to a file holding the subscription password',
      );
    return direct;
  }
  try {
    const password = readFileSync(file, 'utf8').replace(/\r?\n$/, '');
    if (password === '')
      problems.push(`PROVISIONING_API_PASSWORD_FILE ${file} is empty: write the subscription password into it`);
    return password;
  } catch (error) {
    problems.push(
      `PROVISIONING_API_PASSWORD_FILE ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}): check the path and permissions`,
    );
    return undefined;
  }
}
