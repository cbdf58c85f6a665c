// Carries out group operations, one context each (decision 0270), with the shared fallbacks (fallbacks.ts).
import type { GroupInContext } from '../groups/plan.js';
import { ONLY_ID } from '../ox-port.js';
import { requireCredentials } from '../context-credentials.js';
import { describe } from '../types.js';
import { changeOrRecreate, createOrAdopt, deleteTolerant, goneMessage, keptForOtherOwner } from './fallbacks.js';
import type { ExecutionContext } from './operations.js';

export interface GroupCreate {
  type: 'group';
  op: 'create';
  contextId: number;
  name: string;
  members: number[];
}

export interface GroupChange {
  type: 'group';
  op: 'change';
  contextId: number;
  oxId: number;
  /** The new name, on a rename only. */
  rename?: string;
  /** The full member list. */
  members: number[];
  /** The group in this context after the change. */
  next: GroupInContext;
  /** When OX no longer has the group: create it again. */
  recreate: GroupCreate;
}

export interface GroupDelete {
  type: 'group';
  op: 'delete';
  contextId: number;
  oxId: number;
}

export type GroupOperation = GroupCreate | GroupChange | GroupDelete;

/** The group as OX holds it in one context afterwards; null = no longer this object's there. */
export interface GroupOutcome {
  type: 'group';
  contextId: number;
  group: GroupInContext | null;
}

export async function executeGroupOperation(op: GroupOperation, ctx: ExecutionContext): Promise<GroupOutcome> {
  const { contextId } = op;
  switch (op.op) {
    case 'create':
      return { type: 'group', contextId, group: await create(op, ctx) };
    case 'change':
      return { type: 'group', contextId, group: await change(op, ctx) };
    case 'delete':
      await remove(op, ctx);
      return { type: 'group', contextId, group: null };
  }
}

function create(op: GroupCreate, ctx: ExecutionContext): Promise<GroupInContext> {
  const { env } = ctx;
  const what = describe(ctx.change);
  const { contextId, name, members } = op;
  const context = { id: contextId };
  requireCredentials(env, contextId, what);
  return createOrAdopt(ctx, {
    kind: 'group',
    contextId,
    name,
    noId: `OX has group ${name} of ${what} but returned no id`,
    async create() {
      const grp = { name, displayname: name, members };
      const created = await env.ox.call('OXGroupService', 'create', { ctx: context, grp }, ONLY_ID);
      if (typeof created?.id !== 'number') throw new Error(`OX created group ${name} of ${what} but returned no id`);
      env.log.info(`Created group ${name} in context ${contextId}`, { oxId: created.id, members: members.length });
      return { oxId: created.id, name, members };
    },
    lookUp: () => env.ox.call('OXGroupService', 'getData', { ctx: context, grp: { name } }),
    async adopt(oxId) {
      // Like the original's modify: name and display name are set along with the members.
      await env.ox.call('OXGroupService', 'change', {
        ctx: context,
        grp: { id: oxId, name, displayname: name, members },
      });
      return { oxId, name, members };
    },
  });
}

function change(op: GroupChange, ctx: ExecutionContext): Promise<GroupInContext> {
  const { env } = ctx;
  const what = describe(ctx.change);
  const { contextId, oxId, rename, members } = op;
  return changeOrRecreate(
    env.log,
    async () => {
      requireCredentials(env, contextId, what);
      const grp =
        rename === undefined ? { id: oxId, members } : { id: oxId, members, name: rename, displayname: rename };
      await env.ox.call('OXGroupService', 'change', { ctx: { id: contextId }, grp });
      env.log.info(`Changed group ${oxId} in context ${contextId}`, {
        members: members.length,
        ...(rename !== undefined ? { renamedTo: rename } : {}),
      });
      return op.next;
    },
    `Group ${oxId} of ${what} vanished from context ${contextId}; creating it again`,
    () => create(op.recreate, ctx),
  );
}

async function remove(op: GroupDelete, ctx: ExecutionContext): Promise<void> {
  const { env } = ctx;
  const { contextId, oxId } = op;
  // A group that a store from before decision 0200 also gives to another object stays with that object.
  const kept = keptForOtherOwner(
    ctx,
    'group',
    contextId,
    oxId,
    (owner) =>
      `Not deleting OX group ${oxId} in context ${contextId} for ${describe(ctx.change)}: it belongs to ${owner} as well`,
  );
  if (kept) return;
  await deleteTolerant(() => env.ox.call('OXGroupService', 'delete', { ctx: { id: contextId }, grp: { id: oxId } }), {
    log: env.log,
    deleted: `Deleted group ${oxId} in context ${contextId}: no OX members left there`,
    gone: goneMessage(ctx, contextId),
  });
}
