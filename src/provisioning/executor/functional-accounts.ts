// Carrying out functional-account (secondary account) operations. A secondary account has no OX id: OX knows it by
// (context, user, primary address) (docs/reference/ox-secondary-accounts.md). Fallbacks: a delete of a missing
// account is done; a create that OX answers with "duplicate mail account" replaces the account (ours from an
// interrupted run, or made by hand) so login and name are certainly right; a pair another stored object holds too
// is neither deleted nor replaced (decision 0240).
import { requireCredentials } from '../context-credentials.js';
import { refuseHeldPair, sharerOf } from '../functional-accounts/ownership.js';
import { describe, type ProvisioningEnv } from '../types.js';
import { deleteTolerant } from './fallbacks.js';
import type { ExecutionContext } from './operations.js';

interface AccountPair {
  contextId: number;
  userId: number;
  login: string;
}

export interface FunctionalAccountCreate {
  type: 'functional-account';
  op: 'create';
  address: string;
  name: string;
  personal: string | null;
  pair: AccountPair;
}

export interface FunctionalAccountUpdate {
  type: 'functional-account';
  op: 'update';
  address: string;
  contextId: number;
  userIds: number[];
  /** Name and personal part (of every pair in the context), or one pair's login. */
  data: { name: string; personal?: string } | { login: string };
}

export interface FunctionalAccountDelete {
  type: 'functional-account';
  op: 'delete';
  address: string;
  contextId: number;
  userIds: number[];
}

export type FunctionalAccountOperation = FunctionalAccountCreate | FunctionalAccountUpdate | FunctionalAccountDelete;

/** Nothing to report: the planned state is what OX holds once every operation succeeded. */
export interface FunctionalAccountOutcome {
  type: 'functional-account';
}

export async function executeFunctionalAccountOperation(
  op: FunctionalAccountOperation,
  ctx: ExecutionContext,
): Promise<FunctionalAccountOutcome> {
  const { env, change } = ctx;
  const what = describe(change);
  if (op.op === 'delete') await deleteAccounts(env, change.objectId, op.address, op.contextId, op.userIds, what);
  else if (op.op === 'create') await createAccount(ctx, op, what);
  else await update(env, op, what);
  return { type: 'functional-account' };
}

async function update(env: ProvisioningEnv, op: FunctionalAccountUpdate, what: string): Promise<void> {
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
  const deleted = await deleteTolerant(() =>
    env.ox.call('OXSecondaryAccountService', 'delete', {
      primaryAddress: address,
      context: { id: contextId },
      users: ours.map((id) => ({ id })),
      groups: [],
    }),
  );
  if (deleted)
    env.log.info(`Removed functional account ${address} from ${ours.length} user(s) in context ${contextId}`);
}

async function createAccount(ctx: ExecutionContext, op: FunctionalAccountCreate, what: string): Promise<void> {
  const { env, change } = ctx;
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
