// Carrying out functional-account (secondary account) operations. A secondary account has no OX id: OX knows it by
// (context, user, primary address) (docs/reference/ox-secondary-accounts.md). Fallbacks: a delete of a missing
// account is done; a create that OX answers with "duplicate mail account" replaces the account (ours from an
// interrupted run, or made by hand) so login and name are certainly right; a pair another stored object holds too
// is neither deleted nor replaced (decision 0240).
import type { ChangeRecord } from '../../model/change.js';
import { requireCredentials } from '../context-credentials.js';
import { refuseHeldPair, sharerOf } from '../functional-accounts/ownership.js';
import { isNotFound } from '../ox-port.js';
import { describe, type ProvisioningEnv } from '../types.js';

interface AccountPair {
  contextId: number;
  userId: number;
  login: string;
}

export type FunctionalAccountOperation =
  | {
      type: 'functional-account';
      op: 'create';
      address: string;
      name: string;
      personal: string | null;
      pair: AccountPair;
    }
  | {
      type: 'functional-account';
      op: 'update';
      address: string;
      contextId: number;
      userIds: number[];
      data: { name: string; personal?: string } | { login: string };
    }
  | { type: 'functional-account'; op: 'delete'; address: string; contextId: number; userIds: number[] };

export async function actOnFunctionalAccount(
  env: ProvisioningEnv,
  change: ChangeRecord,
  op: FunctionalAccountOperation,
): Promise<void> {
  const what = describe(change);
  if (op.op === 'delete') return deleteAccounts(env, change.objectId, op.address, op.contextId, op.userIds, what);
  if (op.op === 'create') return createAccount(env, change, op, what);
  requireCredentials(env, op.contextId, what);
  await env.ox.call('OXSecondaryAccountService', 'update', {
    primaryAddress: op.address,
    accountDataUpdate: op.data,
    context: { id: op.contextId },
    users: op.userIds.map((id) => ({ id })),
    groups: [],
  });
  if ('login' in op.data)
    env.log.info(`Changed the login of functional account ${op.address} for user ${op.userIds[0]}`);
}

async function deleteAccounts(
  env: ProvisioningEnv,
  objectId: string,
  address: string,
  contextId: number,
  userIds: number[],
  what: string,
): Promise<void> {
  // A pair another object holds too (a store from before decision 0240) stays with that object.
  const pairs = userIds.map((userId) => ({ contextId, userId }));
  const sharers = sharerOf(env, objectId, address, pairs);
  const key = (userId: number) => `${contextId}:${userId}`;
  for (const userId of userIds.filter((id) => sharers.has(key(id)))) {
    env.log.warning(
      `Not removing functional account ${address} from OX user ${userId} in context ${contextId} for ${what}: it belongs to ${sharers.get(key(userId))} as well`,
    );
  }
  const ours = userIds.filter((id) => !sharers.has(key(id)));
  if (ours.length === 0) return;
  requireCredentials(env, contextId, what);
  try {
    await env.ox.call('OXSecondaryAccountService', 'delete', {
      primaryAddress: address,
      context: { id: contextId },
      users: ours.map((id) => ({ id })),
      groups: [],
    });
    env.log.info(`Removed functional account ${address} from ${ours.length} user(s) in context ${contextId}`);
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
}

async function createAccount(
  env: ProvisioningEnv,
  change: ChangeRecord,
  op: Extract<FunctionalAccountOperation, { op: 'create' }>,
  what: string,
): Promise<void> {
  const p = op.pair;
  requireCredentials(env, p.contextId, what);
  const args = {
    accountDataOnCreate: {
      login: p.login,
      name: op.name,
      primaryAddress: op.address,
      ...(op.personal !== null ? { personal: op.personal } : {}),
      mailEndpointSource: 'primary',
    },
    context: { id: p.contextId },
    users: [{ id: p.userId }],
    groups: [],
  };
  try {
    await env.ox.call('OXSecondaryAccountService', 'create', args);
  } catch (err) {
    if (!/duplicate mail account/i.test((err as Error).message)) throw err;
    refuseHeldPair(env, change, op.address, p);
    // Only while its user still exists in OX is the old account worth a delete.
    if (env.store.objectIdForOxId(p.contextId, 'user', p.userId) !== undefined) {
      await deleteAccounts(env, change.objectId, op.address, p.contextId, [p.userId], what);
    }
    await env.ox.call('OXSecondaryAccountService', 'create', args);
  }
  env.log.info(`Added functional account ${op.address} to user ${p.userId} in context ${p.contextId}`);
}
