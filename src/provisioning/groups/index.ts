// groups/group → OX groups, split per context (docs/reference/original-connector.md, without weaknesses 6/11/24/25).
// Members are resolved in one store query whatever the group's size, OX ids per context are cached, and each
// context costs at most one call per change: a 10,000-member group is one `change` with 10,000 ids. plan.ts decides,
// the executor acts (decision 0270).
import { UDM_TYPES } from '../../model/change.js';
import { isOkOrTrue } from '../../model/values.js';
import type { StoreChange } from '../../state/store.js';
import { execute } from '../executor/execute.js';
import { describe, type ObjectHandler, type ProvisionInput, type ProvisioningEnv } from '../types.js';
import { groupMembers } from './members.js';
import {
  groupName,
  isReservedGroupName,
  groupOperations,
  memberDnsOf,
  type DesiredGroup,
  type GroupInContext,
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
    for (const outcome of await execute(groupOperations(previous, desired), { env, change })) {
      if (outcome.type !== 'group') continue;
      if (outcome.group) next.set(outcome.contextId, outcome.group);
      else next.delete(outcome.contextId);
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

function baseObject(input: ProvisionInput) {
  const { change } = input;
  return { objectId: change.objectId, udmType: change.udmType, dn: change.dn, attrs: change.attributes ?? {} };
}
