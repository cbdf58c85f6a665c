// users/user → OX users (docs/reference/original-connector.md, "Users", without its weaknesses). The handler
// gathers what the planner needs (stored state, settings, the context admin, OX's record when the plan asks for
// it), users/plan.ts decides, and the executor acts and owns the adopt/recreate fallbacks (decision 0270).
import { UDM_TYPES } from '../../model/change.js';
import { integerValue, isOkOrTrue, stringList, type UdmAttributes } from '../../model/values.js';
import type { User } from '../../ox/types.js';
import type { StoreChange } from '../../state/store.js';
import { requireCredentials } from '../context-credentials.js';
import { execute } from '../executor/execute.js';
import { writeLogLines, type LogLine } from '../executor/log-lines.js';
import type { ForgetRows } from '../executor/operations.js';
import type { UserReplanner } from '../executor/users.js';
import { describe, PermanentError, type ObjectHandler, type ProvisionInput, type ProvisioningEnv } from '../types.js';
import { planUser, planUserUpdate, type UserOxState, type UserPlanInput, type WantedUser } from './plan.js';

export type { UserOxState };

function previousState(input: ProvisionInput): UserOxState | undefined {
  const s = input.stored?.oxState as UserOxState | null | undefined;
  return s && typeof s.oxId === 'number' ? s : undefined;
}

/** OX's record of a user, for a plan that asked for it. */
function readUser(env: ProvisioningEnv, at: { contextId: number; oxId: number }): Promise<User | null> {
  return env.ox.call('OXUserService', 'getData', { ctx: { id: at.contextId }, user: { id: at.oxId } });
}

/** Runs a planner and writes its log lines, unless it only asks for a read first (it is then planned again). */
function logged<P extends object>(env: ProvisioningEnv, plan: (notes: LogLine[]) => P): P {
  const notes: LogLine[] = [];
  let result: P | undefined;
  try {
    result = plan(notes);
    return result;
  } finally {
    if (!result || !('read' in result)) writeLogLines(env.log, notes);
  }
}

function replanner(env: ProvisioningEnv, wanted: WantedUser | undefined, what: string): UserReplanner {
  return async (base, current) => {
    if (!wanted) throw new Error(`No directory state to plan ${what} against`);
    let plan = planUserUpdate(base, wanted, env.settings, current, what);
    if ('read' in plan) plan = planUserUpdate(base, wanted, env.settings, await readUser(env, plan.read), what);
    if ('read' in plan) throw new Error(`Planning ${what} asked for OX's record twice`);
    writeLogLines(env.log, plan.notes);
    return plan;
  };
}

export const userHandler: ObjectHandler = {
  udmType: UDM_TYPES.user,
  phase: () => 'users',
  provides: ['users'],
  needs: ['contexts'],
  contextsNeeded(input) {
    const attrs = input.change.attributes;
    if (!attrs || !isOkOrTrue(attrs.isOxUser)) return [];
    const ctx = integerValue(attrs.oxContext);
    return ctx === undefined ? [] : [ctx];
  },

  async provision(input, env): Promise<StoreChange> {
    const { change } = input;
    const what = describe(change);
    const attrs = change.attributes;
    const planInput: UserPlanInput = {
      change,
      prev: previousState(input),
      mapping: env.attributeMapping.current(),
      settings: env.settings,
      accessProfile: (name) => env.accessProfiles.get(name),
      contextAdmin: (contextId) => requireCredentials(env, contextId, what).adminuser,
    };
    let plan = logged(env, (notes) => planUser(planInput, notes));
    if ('read' in plan) {
      const current = await readUser(env, plan.read);
      plan = logged(env, (notes) => planUser({ ...planInput, current }, notes));
    }
    if ('read' in plan) throw new Error(`Planning ${what} asked for OX's record twice`);

    let state = plan.state;
    const forgetOxIds: ForgetRows = [];
    const outcomes = await execute(plan.ops, { env, change, replanUser: replanner(env, plan.wanted, what) });
    for (const outcome of outcomes) {
      if (outcome.type !== 'user') continue;
      if (outcome.state) state = outcome.state;
      if (outcome.forgetOxIds) forgetOxIds.push(...outcome.forgetOxIds);
    }
    if (plan.requeueGroups && attrs) requeueGroups(env, attrs, what);

    return {
      objectId: change.objectId,
      object:
        attrs === null
          ? null
          : {
              objectId: change.objectId,
              udmType: change.udmType,
              dn: change.dn,
              attrs,
              oxState: state ? { ...state } : null,
            },
      oxIds: state ? [{ contextId: state.contextId, kind: 'user', oxId: state.oxId, oxName: state.oxName }] : [],
      forgetOxIds,
    };
  },
};

/**
 * A user that got an OX id in a context makes its OX groups worth recomputing
 * (docs/reference/original-connector.md).
 */
function requeueGroups(env: ProvisioningEnv, attrs: UdmAttributes, what: string): void {
  const groupDns = stringList(attrs.groups);
  if (groupDns.length === 0) return;
  for (const group of env.store.attributeByDns(groupDns, 'isOxGroup').values()) {
    if (group.udmType === UDM_TYPES.group && isOkOrTrue(group.value))
      env.requeue(group.objectId, `member ${what} was created`);
  }
}

export { PermanentError };
