// `nubus subscribe|unsubscribe|status`: managing the connector's subscription at the Provisioning API with the admin
// account (decision 0319). The subscription's password is generated once and kept 0600 in the data directory, so a
// second `subscribe` sends the identical registration and the API accepts it (200) instead of refusing it (409).
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ApiStatusError, ProvisioningApiClient, type SubscriptionInfo } from './api-client.js';
import { NubusFatalError } from './errors.js';
import { NUBUS_TOPICS } from './message.js';
import { STORED_PASSWORD_FILE } from './settings.js';

export interface AdminTarget {
  baseUrl: string;
  admin: { username: string; password: string };
  /** The subscription (PROVISIONING_API_USERNAME). */
  name: string;
  dataDir: string;
  caDir: string;
}

function adminClient(target: AdminTarget): ProvisioningApiClient {
  return new ProvisioningApiClient({ baseUrl: target.baseUrl, ...target.admin }, target.caDir, target.name);
}

function storedPassword(dataDir: string): string {
  const file = join(dataDir, STORED_PASSWORD_FILE);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const password = randomBytes(32).toString('base64url');
  // Written before the registration: a subscription must never exist with a password nobody kept.
  writeFileSync(`${file}.tmp`, `${password}\n`, { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
  return password;
}

function adminFailure(error: unknown, target: AdminTarget): never {
  if (error instanceof ApiStatusError && error.status === 401)
    throw new NubusFatalError(
      `The Provisioning API ${target.baseUrl} refused the admin account "${target.admin.username}" (HTTP 401): check PROVISIONING_API_ADMIN_USERNAME and PROVISIONING_API_ADMIN_PASSWORD_FILE`,
    );
  throw error;
}

export async function subscribe(target: AdminTarget): Promise<'created' | 'existed'> {
  const password = storedPassword(target.dataDir);
  const client = adminClient(target);
  try {
    return await client.register({
      name: target.name,
      realms_topics: NUBUS_TOPICS.map((topic) => ({ realm: 'udm', topic })),
      request_prefill: true,
      password,
    });
  } catch (error) {
    if (error instanceof ApiStatusError && error.status === 409)
      throw new NubusFatalError(
        `Subscription "${target.name}" exists at ${target.baseUrl} with other topics, another prefill setting or another password, and subscriptions cannot be changed: run ox-connector nubus unsubscribe, then nubus subscribe again, and ox-connector reconcile once the prefill is provisioned (or choose another PROVISIONING_API_USERNAME)`,
      );
    return adminFailure(error, target);
  } finally {
    client.close();
  }
}

/** Removes the subscription (and its queue) and the stored password; false if the API had none. */
export async function unsubscribe(target: AdminTarget): Promise<boolean> {
  const client = adminClient(target);
  try {
    const removed = await client.deleteSubscription();
    rmSync(join(target.dataDir, STORED_PASSWORD_FILE), { force: true });
    return removed;
  } catch (error) {
    return adminFailure(error, target);
  } finally {
    client.close();
  }
}

export async function subscriptionStatus(client: ProvisioningApiClient): Promise<SubscriptionInfo> {
  try {
    return await client.subscriptionInfo();
  } finally {
    client.close();
  }
}
