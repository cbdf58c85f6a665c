// oxresources/oxresources → OX resources (docs/reference/original-connector.md, without weaknesses 4/5/25).
// resources/plan.ts decides, the executor acts and owns the adopt/recreate fallbacks (decision 0270).
import { UDM_TYPES } from '../../model/change.js';
import { integerValue } from '../../model/values.js';
import type { StoreChange } from '../../state/store.js';
import { execute } from '../executor/execute.js';
import { writeLogLines } from '../executor/log-lines.js';
import { describe, type ObjectHandler } from '../types.js';
import { planResource, type ResourceOxState } from './plan.js';

export const resourceHandler: ObjectHandler = {
  udmType: UDM_TYPES.resource,
  phase: () => 'resources',
  needs: ['contexts'],
  contextsNeeded(input) {
    const ctx = integerValue(input.change.attributes?.oxContext);
    return ctx === undefined ? [] : [ctx];
  },

  async provision(input, env): Promise<StoreChange> {
    const { change } = input;
    const prev = input.stored?.oxState as ResourceOxState | null | undefined;
    const attrs = change.attributes;
    const plan = planResource(change, prev ?? undefined);
    if (plan.skip) {
      writeLogLines(env.log, plan.notes);
      return { objectId: change.objectId, object: input.stored ?? null };
    }
    let state = plan.state;
    for (const outcome of await execute(plan.ops, { env, change })) {
      if (outcome.type === 'resource' && outcome.state) state = outcome.state;
    }
    if (attrs === null) return { objectId: change.objectId, object: null };
    if (!state) throw new Error(`Planning ${describe(change)} left it without an OX resource`);
    return {
      objectId: change.objectId,
      object: { objectId: change.objectId, udmType: change.udmType, dn: change.dn, attrs, oxState: { ...state } },
      oxIds: [{ contextId: state.contextId, kind: 'resource', oxId: state.oxId, oxName: state.fields.name }],
    };
  },
};
