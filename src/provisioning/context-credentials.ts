// Every object inside a context (users, groups, resources, functional accounts) is provisioned with that
// context's admin; without its credentials nothing can be done there until the administrator acts.
import type { AdminCredentials } from '../config/credentials.js';
import { PermanentError, type ProvisioningEnv } from './types.js';

/** The context admin's credentials, or a PermanentError naming the object, the context and what to do. */
export function requireCredentials(env: ProvisioningEnv, contextId: number, what: string): AdminCredentials {
  const creds = env.credentials.context(contextId);
  if (!creds) {
    throw new PermanentError(
      `Cannot provision ${what}: no admin credentials for context ${contextId} in ${env.credentials.path}; provision the context first or add its "adminuser"/"adminpass" there, then retry.`,
    );
  }
  return creds;
}
