// oxmail/functional_account → one OX secondary account per (functional account, member user), in the member's
// context (docs/reference/original-connector.md, without weaknesses 16/26). The handler gathers the members from
// the store, plan.ts decides which pairs cost calls, executor/functional-accounts.ts carries them out.
import { UDM_TYPES } from '../../model/change.js';
import { stringList, type UdmAttributes } from '../../model/values.js';
import type { StoreChange } from '../../state/store.js';
import { execute } from '../executor/execute.js';
import { fillForgottenIds } from '../forgotten-member-ids.js';
import { describe, type ObjectHandler, type ProvisioningEnv } from '../types.js';
import { takeAddress } from './ownership.js';
import { accountAddress, desiredAccount, pairKey, planAccount, type AccountOxState, type Pair } from './plan.js';

/** The pairs whose user still exists in OX in that context (only those are worth a delete or an update). */
function livePairs(env: ProvisioningEnv, pairs: Pair[]): Set<string> {
  const live = pairs.filter((p) => env.store.objectIdForOxId(p.contextId, 'user', p.userId) !== undefined);
  return new Set(live.map(pairKey));
}

export const functionalAccountHandler: ObjectHandler = {
  udmType: UDM_TYPES.functionalAccount,
  phase: () => 'functional-accounts',
  needs: ['users'],

  async provision(input, env): Promise<StoreChange> {
    const { change } = input;
    const what = describe(change);
    const attrs = change.attributes;
    const prev = input.stored?.oxState as AccountOxState | null | undefined;

    if (attrs === null) {
      await execute(planAccount(prev, null, livePairs(env, prev?.pairs ?? [])), { env, change });
      return { objectId: change.objectId, object: null };
    }

    accountAddress(attrs, what); // before any lookup: an account without one is the administrator's to fix
    const userDns = stringList(attrs.users);
    const resolved = env.references.resolve(userDns);
    await fillForgottenIds(env, resolved, what); // a cleared id cache must not delete members' accounts (0207)
    const userAttrs = new Map<string, UdmAttributes>();
    for (const ref of resolved.values()) {
      if (ref.contextId === undefined || ref.oxId === undefined) continue;
      const user = env.store.getObject(ref.objectId);
      if (user) userAttrs.set(ref.objectId, user.attrs);
    }
    const { state, waiting } = desiredAccount(
      attrs,
      change.objectId,
      resolved,
      userAttrs,
      env.settings.functionalAccountLoginTemplate,
      what,
    );
    if (waiting.length > 0) {
      env.log.info(
        `${what} waits for ${waiting.length} user(s) not provisioned yet (e.g. ${waiting[0]}); it is re-planned when they arrive`,
      );
    }

    // Before any OX call: in a context where another object holds the address, this one is parked (0240).
    const claim = takeAddress(env, change, state.address, state.pairs, prev);
    try {
      const live = livePairs(env, [...(prev?.pairs ?? []), ...state.pairs]);
      await execute(planAccount(prev, state, live), { env, change });
    } catch (err) {
      claim.release();
      throw err;
    }

    const storedDns = stringList(input.stored?.attrs.users);
    return {
      objectId: change.objectId,
      object: { objectId: change.objectId, udmType: change.udmType, dn: change.dn, attrs, oxState: { ...state } },
      ...(!input.stored || JSON.stringify(storedDns) !== JSON.stringify(userDns) ? { memberRefs: userDns } : {}),
    };
  },
};
