// oxmail/oxcontext → OX contexts (docs/reference/original-connector.md), with the fewest calls:
// create = 1 call (an existing context is adopted and its quota set), name or quota change = 1 call,
// anything else = 0, delete = 1 call (a context already gone counts as deleted). Decided in plan.ts, carried
// out by executor/contexts.ts.
import { UDM_TYPES } from '../../model/change.js';
import { integerValue } from '../../model/values.js';
import type { StoreChange } from '../../state/store.js';
import { execute } from '../executor/execute.js';
import { describe, PermanentError, type ObjectHandler, type ProvisionInput, type ProvisioningEnv } from '../types.js';
import { desiredContext, planContext, type ContextOxState } from './plan.js';

function storedState(input: ProvisionInput): ContextOxState | null | undefined {
  return input.stored?.oxState as ContextOxState | null | undefined;
}

function contextIdOf(input: ProvisionInput): number | undefined {
  const attrs = input.change.attributes ?? input.stored?.attrs;
  return integerValue(attrs?.contextid) ?? storedState(input)?.contextId;
}

function requireMaster(env: ProvisioningEnv, input: ProvisionInput): void {
  if (!env.credentials.master()) {
    throw new PermanentError(
      `Cannot provision ${describe(input.change)}: no OX master credentials. Set OX_MASTER_PASSWORD or add a "master" entry to ${env.credentials.path}.`,
    );
  }
}

export const contextHandler: ObjectHandler = {
  udmType: UDM_TYPES.context,
  phase: (input) => (input.change.attributes === null ? 'context-deletions' : 'contexts'),
  provides: ['contexts'],
  contextProvided: (input) => contextIdOf(input),

  async provision(input, env): Promise<StoreChange> {
    const { change } = input;
    requireMaster(env, input);
    const attrs = change.attributes;
    const desired = attrs === null ? null : desiredContext(attrs, describe(change));
    await execute(planContext(desired, storedState(input), contextIdOf(input)), { env, change });

    if (attrs === null || desired === null) return { objectId: change.objectId, object: null };
    return {
      objectId: change.objectId,
      object: { objectId: change.objectId, udmType: change.udmType, dn: change.dn, attrs, oxState: { ...desired } },
      oxIds: [{ contextId: desired.contextId, kind: 'context', oxId: desired.contextId, oxName: desired.name }],
    };
  },
};
