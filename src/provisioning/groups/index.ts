// groups/group → OX groups, split per context (docs/reference/original-connector.md, without weaknesses 6/11/24/25).
// Members are resolved in one store query whatever the group's size, OX ids per context are cached, and each
// context costs at most one call per change: a 10,000-member group is one `change` with 10,000 ids.
import { UDM_TYPES, type ChangeRecord } from '../../model/change.js';
import { isOkOrTrue } from '../../model/values.js';
import type { StoreChange } from '../../state/store.js';
import { isAlreadyExists, isNotFound, ONLY_ID } from '../ox-port.js';
import { otherOwner, ownerText, refuseAdoption, withNameClaim } from '../ownership.js';
import { requireCredentials } from '../context-credentials.js';
import { describe, type ObjectHandler, type ProvisionInput, type ProvisioningEnv } from '../types.js';
import { groupMembers } from './members.js';
import {
  groupName,
  isReservedGroupName,
  memberDnsOf,
  planGroup,
  type DesiredGroup,
  type GroupInContext,
  type GroupOp,
  type GroupOxState,
} from './plan.js';

/** What OX holds, per context: the stored state, minus contexts whose group OX deleted meanwhile. */
function previousContexts(input: ProvisionInput, env: ProvisioningEnv): Map<number, GroupInContext> {
  const state = input.stored?.oxState as GroupOxState | null | undefined;
  const result = new Map<number, GroupInContext>();
  if (!state?.contexts) return result;
  // The users handler deletes groups a deleted user leaves empty and forgets their id rows: trust the rows.
  const rows = new Map(env.store.oxIdsOf(input.change.objectId).map((r) => [r.contextId, r.oxId]));
  for (const [ctx, group] of Object.entries(state.contexts)) {
    if (rows.get(Number(ctx)) === group.oxId) result.set(Number(ctx), group);
  }
  return result;
}

async function deleteInContext(env: ProvisioningEnv, change: ChangeRecord, contextId: number, oxId: number) {
  const what = describe(change);
  // A group that a store from before decision 0200 also gives to another object stays with that object.
  const sharer = otherOwner(env, change.objectId, 'group', contextId, oxId);
  if (sharer) {
    env.log.warning(
      `Not deleting OX group ${oxId} in context ${contextId} for ${what}: it belongs to ${ownerText(sharer)} as well`,
    );
    return;
  }
  try {
    await env.ox.call('OXGroupService', 'delete', { ctx: { id: contextId }, grp: { id: oxId } });
    env.log.info(`Deleted group ${oxId} in context ${contextId}: no OX members left there`);
  } catch (err) {
    if (!isNotFound(err)) throw err;
    env.log.info(`${what} does not exist in context ${contextId}. Doing nothing...`);
  }
}

async function createGroup(
  env: ProvisioningEnv,
  change: ChangeRecord,
  contextId: number,
  name: string,
  members: number[],
): Promise<GroupInContext> {
  const what = describe(change);
  requireCredentials(env, contextId, what);
  return withNameClaim(env, change, 'group', contextId, name, () =>
    createOrAdopt(env, change, contextId, name, members),
  );
}

async function createOrAdopt(
  env: ProvisioningEnv,
  change: ChangeRecord,
  contextId: number,
  name: string,
  members: number[],
): Promise<GroupInContext> {
  const what = describe(change);
  const ctx = { id: contextId };
  try {
    const created = await env.ox.call(
      'OXGroupService',
      'create',
      {
        ctx,
        grp: { name, displayname: name, members },
      },
      ONLY_ID,
    );
    if (typeof created?.id !== 'number') throw new Error(`OX created group ${name} of ${what} but returned no id`);
    env.log.info(`Created group ${name} in context ${contextId}`, { oxId: created.id, members: members.length });
    return { oxId: created.id, name, members };
  } catch (err) {
    if (!isAlreadyExists(err)) throw err;
  }
  // Ours from an interrupted run, or made by hand: adopt it and set its members.
  const existing = await env.ox.call('OXGroupService', 'getData', { ctx, grp: { name } });
  if (typeof existing?.id !== 'number') throw new Error(`OX has group ${name} of ${what} but returned no id`);
  refuseAdoption(env, change, 'group', contextId, existing.id, name);
  env.log.info(`${what} exists in context ${contextId}. Modifying instead...`);
  // Like the original's modify: name and display name are set along with the members.
  await env.ox.call('OXGroupService', 'change', { ctx, grp: { id: existing.id, name, displayname: name, members } });
  return { oxId: existing.id, name, members };
}

export const groupHandler: ObjectHandler = {
  udmType: UDM_TYPES.group,
  phase: () => 'groups',
  needs: ['users'],

  async provision(input, env): Promise<StoreChange> {
    const { change } = input;
    const what = describe(change);
    const attrs = change.attributes;
    const isOx = attrs !== null && isOkOrTrue(attrs.isOxGroup);
    const name = isOx ? groupName(attrs, change.objectId, env.settings.groupIdentifier, what) : undefined;
    const previous = previousContexts(input, env);

    if (name !== undefined && isReservedGroupName(name)) {
      env.log.info(`Ignoring group "${name}": OX's own group of all users is never touched`);
      return { objectId: change.objectId, object: { ...baseObject(input), oxState: { contexts: {} } }, oxIds: [] };
    }

    const memberDns = memberDnsOf(attrs);
    const storedDns = memberDnsOf(input.stored?.attrs ?? null);
    const split = await groupMembers(env, memberDns, storedDns, previous, what);
    if (split.waiting.length > 0) {
      env.log.info(
        `${what} waits for ${split.waiting.length} member(s) not provisioned yet (e.g. ${split.waiting[0]}); it is re-planned when they arrive`,
      );
    }
    const desired = new Map<number, DesiredGroup>();
    if (name !== undefined) for (const [ctx, members] of split.byContext) desired.set(ctx, { name, members });

    const next = new Map(previous);
    for (const op of planGroup(previous, desired)) {
      if (op.kind === 'delete') {
        await deleteInContext(env, change, op.contextId, op.oxId);
        next.delete(op.contextId);
      } else if (op.kind === 'change') {
        const prev = previous.get(op.contextId)!;
        try {
          await applyChange(env, op, what);
          next.set(op.contextId, { oxId: op.oxId, name: op.name ?? prev.name, members: op.members });
        } catch (err) {
          if (!isNotFound(err)) throw err;
          env.log.warning(`Group ${op.oxId} of ${what} vanished from context ${op.contextId}; creating it again`);
          next.set(op.contextId, await createGroup(env, change, op.contextId, name!, op.members));
        }
      } else {
        next.set(op.contextId, await createGroup(env, change, op.contextId, op.name, op.members));
      }
    }

    if (attrs === null) return { objectId: change.objectId, object: null };
    const contexts: Record<string, GroupInContext> = {};
    for (const [ctx, g] of [...next].sort((a, b) => a[0] - b[0])) contexts[String(ctx)] = g;
    const refsChanged = !input.stored || JSON.stringify(storedDns) !== JSON.stringify(memberDns);
    return {
      objectId: change.objectId,
      object: { ...baseObject(input), oxState: { contexts } satisfies GroupOxState },
      oxIds: [...next].map(([contextId, g]) => ({ contextId, kind: 'group', oxId: g.oxId, oxName: g.name })),
      ...(refsChanged ? { memberRefs: memberDns } : {}),
    };
  },
};

async function applyChange(env: ProvisioningEnv, op: Extract<GroupOp, { kind: 'change' }>, what: string) {
  requireCredentials(env, op.contextId, what);
  const grp: Record<string, unknown> = { id: op.oxId, members: op.members };
  if (op.name !== undefined) Object.assign(grp, { name: op.name, displayname: op.name });
  await env.ox.call('OXGroupService', 'change', { ctx: { id: op.contextId }, grp });
  env.log.info(`Changed group ${op.oxId} in context ${op.contextId}`, {
    members: op.members.length,
    ...(op.name !== undefined ? { renamedTo: op.name } : {}),
  });
}

function baseObject(input: ProvisionInput) {
  const { change } = input;
  return { objectId: change.objectId, udmType: change.udmType, dn: change.dn, attrs: change.attributes ?? {} };
}
