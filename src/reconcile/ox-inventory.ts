// What OX holds in one managed context: its users, groups (with members), resources and secondary accounts, read
// with the fewest calls — each kind listed once (listAll), then read in batches (getMultipleData), never one call
// per object; secondary accounts come whole from one list call.
// The context's admin user and OX's own group "users" (id 1) are left out: the connector never touches them.
import type { Account, Group, Resource, User } from '../ox/types.js';
import { ONLY_ID, type OxApi } from '../provisioning/ox-port.js';
import { isReservedGroupName } from '../provisioning/groups/plan.js';
import type { Logger } from '../ops/log.js';
import { ReadProgress } from './progress.js';

/** Objects per getMultipleData call: large enough to keep calls few, small enough to keep answers ~1 MB. */
export const READ_BATCH = 500;

/** A context as read; its users were handed to `onUsers` batch by batch and are not kept (memory). */
export interface ContextInventory {
  contextId: number;
  userCount: number;
  groups: Group[];
  resources: Resource[];
  /** Every secondary (functional) account of the context, one per (user, account). */
  accounts: Account[];
}

function idsOf(objects: readonly { id?: number | null }[] | null | undefined): number[] {
  const ids: number[] = [];
  for (const o of objects ?? []) if (typeof o.id === 'number') ids.push(o.id);
  return ids;
}

async function inBatches<T>(
  ids: number[],
  progress: ReadProgress,
  read: (batch: number[]) => Promise<T[]>,
  each: (objects: T[]) => void,
): Promise<void> {
  for (let i = 0; i < ids.length; i += READ_BATCH) {
    const batch = ids.slice(i, i + READ_BATCH);
    each(await read(batch));
    progress.add(batch.length);
  }
}

/**
 * Reads one context. `adminName`: the context admin's login from the credentials file (left out). `onUsers` gets
 * the users batch by batch, to compare and drop: 100,000 full OX users held at once would cost gigabytes.
 * `userMembers`: the User members the comparison reads; only those (with id and name) are decoded.
 */
export async function readContext(
  ox: OxApi,
  contextId: number,
  adminName: string | undefined,
  log: Logger,
  onUsers: (users: User[]) => void,
  userMembers: readonly string[],
): Promise<ContextInventory> {
  const ctx = { id: contextId };
  // Ids only: OX writes every member of each listed user (≈ 4.6 KB), so 100,000 users are a ~450 MB answer;
  // with `only` the client cuts each item down as the answer streams in and never holds it whole (decision 0310).
  const userIds = idsOf(await ox.call('OXUserService', 'listAll', { ctx }, ONLY_ID));
  const groupIds = idsOf(await ox.call('OXGroupService', 'listAll', { ctx }, ONLY_ID)).filter((id) => id !== 1);
  const resourceIds = idsOf(await ox.call('OXResourceService', 'listAll', { ctx }, ONLY_ID));
  // Of the ~137 members OX writes per user, decode only those compared (decision 0310).
  const only = { only: [...new Set(['id', 'name', ...userMembers])] as (keyof User & string)[] };
  const progress = new ReadProgress(log, contextId, userIds.length + groupIds.length + resourceIds.length);
  let userCount = 0;
  await inBatches(
    userIds,
    progress,
    async (batch) =>
      (await ox.call('OXUserService', 'getMultipleData', { ctx, users: batch.map((id) => ({ id })) }, only)) ?? [],
    (users) => {
      const ours = users.filter((u) => u.name !== adminName);
      userCount += ours.length;
      onUsers(ours);
    },
  );
  const groups: Group[] = [];
  await inBatches(
    groupIds,
    progress,
    async (batch) =>
      (await ox.call('OXGroupService', 'getMultipleData', { ctx, grps: batch.map((id) => ({ id })) })) ?? [],
    (read) => {
      for (const g of read) if (!isReservedGroupName(String(g.name ?? ''))) groups.push(g);
    },
  );
  const resources: Resource[] = [];
  await inBatches(
    resourceIds,
    progress,
    async (batch) =>
      (await ox.call('OXResourceService', 'getMultipleData', { ctx, resources: batch.map((id) => ({ id })) })) ?? [],
    (read) => resources.push(...read),
  );
  // One call for the whole context: list without users or groups names every account there (the contract's
  // OXSecondaryAccountService.list; docs/reference/ox-secondary-accounts.md).
  const accounts = (await ox.call('OXSecondaryAccountService', 'list', { context: ctx, users: [], groups: [] })) ?? [];
  log.info(
    `Reconcile: context ${contextId}: read ${userCount} users, ${groups.length} groups, ${resources.length} resources, ${accounts.length} functional-account entries`,
  );
  return { contextId, userCount, groups, resources, accounts };
}
