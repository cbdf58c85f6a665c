// Carries out resource operations (decision 0270), with the shared fallbacks (fallbacks.ts).
import { ONLY_ID } from '../ox-port.js';
import { requireCredentials } from '../context-credentials.js';
import type { ResourceFields, ResourceOxState } from '../resources/plan.js';
import { describe } from '../types.js';
import { changeOrRecreate, createOrAdopt, deleteTolerant, goneMessage, keptForOtherOwner } from './fallbacks.js';
import type { ExecutionContext } from './operations.js';

export interface ResourceCreate {
  type: 'resource';
  op: 'create';
  contextId: number;
  fields: ResourceFields;
}

export interface ResourceChange {
  type: 'resource';
  op: 'change';
  contextId: number;
  oxId: number;
  /** Only the fields that differ. */
  diff: Partial<ResourceFields>;
  next: ResourceOxState;
  /** When OX no longer has the resource: create it again. */
  recreate: ResourceCreate;
}

export interface ResourceDelete {
  type: 'resource';
  op: 'delete';
  resource: ResourceOxState;
}

export type ResourceOperation = ResourceCreate | ResourceChange | ResourceDelete;

/** The resource's state after a create or change (none after a delete). */
export interface ResourceOutcome {
  type: 'resource';
  state?: ResourceOxState;
}

export async function executeResourceOperation(op: ResourceOperation, ctx: ExecutionContext): Promise<ResourceOutcome> {
  switch (op.op) {
    case 'create':
      return { type: 'resource', state: await create(op, ctx) };
    case 'change':
      return { type: 'resource', state: await change(op, ctx) };
    case 'delete':
      await remove(op.resource, ctx);
      return { type: 'resource' };
  }
}

function create(op: ResourceCreate, ctx: ExecutionContext): Promise<ResourceOxState> {
  const { env } = ctx;
  const what = describe(ctx.change);
  const { contextId, fields } = op;
  const context = { id: contextId };
  requireCredentials(env, contextId, what);
  return createOrAdopt(ctx, {
    kind: 'resource',
    contextId,
    name: fields.name,
    noId: `OX has ${what} in context ${contextId} but returned no id`,
    async create() {
      const res = { ...fields, available: true };
      const created = await env.ox.call('OXResourceService', 'create', { ctx: context, res }, ONLY_ID);
      if (typeof created?.id !== 'number') throw new Error(`OX created ${what} but returned no id`);
      env.log.info(`Created resource ${fields.name} in context ${contextId}`, { oxId: created.id });
      return { contextId, oxId: created.id, fields };
    },
    lookUp: () => env.ox.call('OXResourceService', 'getData', { ctx: context, res: { name: fields.name } }),
    async adopt(oxId) {
      // Like the original's modify, which sends every field including available=true.
      await env.ox.call('OXResourceService', 'change', { ctx: context, res: { id: oxId, ...fields, available: true } });
      return { contextId, oxId, fields };
    },
  });
}

function change(op: ResourceChange, ctx: ExecutionContext): Promise<ResourceOxState> {
  const { env } = ctx;
  const what = describe(ctx.change);
  const { contextId, oxId, diff, next } = op;
  requireCredentials(env, contextId, what);
  return changeOrRecreate(
    env.log,
    async () => {
      await env.ox.call('OXResourceService', 'change', { ctx: { id: contextId }, res: { id: oxId, ...diff } });
      env.log.info(`Changed resource ${next.fields.name} in context ${contextId}`, {
        fields: Object.keys(diff).join(','),
      });
      return next;
    },
    `Cannot modify ${what}: not found in OX. Creating instead.`,
    () => create(op.recreate, ctx),
  );
}

async function remove(prev: ResourceOxState, ctx: ExecutionContext): Promise<void> {
  const { env } = ctx;
  const { contextId, oxId } = prev;
  // A resource that a store from before decision 0200 also gives to another object stays with that object.
  const kept = keptForOtherOwner(
    ctx,
    'resource',
    contextId,
    oxId,
    (owner) =>
      `Not deleting OX resource ${prev.fields.name} (${oxId}) in context ${contextId} for ${describe(ctx.change)}: it belongs to ${owner} as well`,
  );
  if (kept) return;
  await deleteTolerant(
    () => env.ox.call('OXResourceService', 'delete', { ctx: { id: contextId }, res: { id: oxId } }),
    {
      log: env.log,
      deleted: `Deleted resource ${prev.fields.name} (${oxId}) in context ${contextId}`,
      gone: goneMessage(ctx, contextId),
    },
  );
}
