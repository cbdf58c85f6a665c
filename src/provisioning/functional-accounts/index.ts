// oxmail/functional_account → one OX secondary account per (functional account, member user), in the member's
// context (docs/reference/original-connector.md, without weaknesses 16/26). Only pairs that changed cost calls: an
// added member = 1 create, removed members = 1 delete per context, a changed login = 1 update, a changed name or
// personal part = 1 update per context; nothing changed = 0 calls. Pairs of users OX deleted (deleted, switched
// off, moved away) went with the user in OX and are just forgotten.
import { UDM_TYPES, type ChangeRecord } from '../../model/change.js';
import { normalizeDn } from '../../model/dn.js';
import { singleString, stringList } from '../../model/values.js';
import { fillForgottenIds } from '../forgotten-member-ids.js';
import type { StoreChange } from '../../state/store.js';
import { isNotFound } from '../ox-port.js';
import { requireCredentials } from '../context-credentials.js';
import { describe, PermanentError, type ObjectHandler, type ProvisioningEnv } from '../types.js';
import { objectIdentifier, renderLogin } from './login.js';
import { refuseHeldPair, sharerOf, takeAddress } from './ownership.js';

interface Pair {
  contextId: number;
  userId: number;
  login: string;
}

interface AccountOxState {
  address: string;
  name: string;
  personal: string | null;
  pairs: Pair[];
}

const key = (p: { contextId: number; userId: number }) => `${p.contextId}:${p.userId}`;

function byContext<T extends { contextId: number }>(items: T[]): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const item of items) {
    const list = out.get(item.contextId) ?? [];
    list.push(item);
    out.set(item.contextId, list);
  }
  return out;
}

/** A pair is only worth a delete call while its user still exists in OX in that context. */
function isLive(env: ProvisioningEnv, p: Pair): boolean {
  return env.store.objectIdForOxId(p.contextId, 'user', p.userId) !== undefined;
}

async function deletePairs(
  env: ProvisioningEnv,
  objectId: string,
  address: string,
  pairs: Pair[],
  what: string,
): Promise<void> {
  const live = pairs.filter((p) => isLive(env, p));
  // A pair another object holds too (a store from before decision 0240) stays with that object.
  const sharers = sharerOf(env, objectId, address, live);
  for (const p of live.filter((p) => sharers.has(key(p)))) {
    env.log.warning(
      `Not removing functional account ${address} from OX user ${p.userId} in context ${p.contextId} for ${what}: it belongs to ${sharers.get(key(p))} as well`,
    );
  }
  for (const [contextId, list] of byContext(live.filter((p) => !sharers.has(key(p))))) {
    requireCredentials(env, contextId, what);
    try {
      await env.ox.call('OXSecondaryAccountService', 'delete', {
        primaryAddress: address,
        context: { id: contextId },
        users: list.map((p) => ({ id: p.userId })),
        groups: [],
      });
      env.log.info(`Removed functional account ${address} from ${list.length} user(s) in context ${contextId}`);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
}

async function createPair(
  env: ProvisioningEnv,
  change: ChangeRecord,
  state: AccountOxState,
  p: Pair,
  what: string,
): Promise<void> {
  requireCredentials(env, p.contextId, what);
  const args = {
    accountDataOnCreate: {
      login: p.login,
      name: state.name,
      primaryAddress: state.address,
      ...(state.personal !== null ? { personal: state.personal } : {}),
      mailEndpointSource: 'primary',
    },
    context: { id: p.contextId },
    users: [{ id: p.userId }],
    groups: [],
  };
  try {
    await env.ox.call('OXSecondaryAccountService', 'create', args);
  } catch (err) {
    // Ours from an interrupted run (or made by hand): replace it so the login and name are certainly right,
    // unless another object holds it (decision 0240).
    if (!/duplicate mail account/i.test((err as Error).message)) throw err;
    refuseHeldPair(env, change, state.address, p);
    await deletePairs(env, change.objectId, state.address, [p], what);
    await env.ox.call('OXSecondaryAccountService', 'create', args);
  }
  env.log.info(`Added functional account ${state.address} to user ${p.userId} in context ${p.contextId}`);
}

async function update(
  env: ProvisioningEnv,
  address: string,
  contextId: number,
  userIds: number[],
  data: Record<string, string>,
): Promise<void> {
  await env.ox.call('OXSecondaryAccountService', 'update', {
    primaryAddress: address,
    accountDataUpdate: data,
    context: { id: contextId },
    users: userIds.map((id) => ({ id })),
    groups: [],
  });
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
      if (prev) await deletePairs(env, change.objectId, prev.address, prev.pairs, what);
      return { objectId: change.objectId, object: null };
    }

    const address = singleString(attrs.mailPrimaryAddress)?.toLowerCase();
    if (!address) throw new PermanentError(`Cannot provision ${what}: it has no mailPrimaryAddress; set one.`);
    const state: AccountOxState = {
      address,
      name: singleString(attrs.name) ?? address,
      personal: singleString(attrs.personal) ?? null,
      pairs: [],
    };

    const userDns = stringList(attrs.users);
    const resolved = env.references.resolve(userDns);
    await fillForgottenIds(env, resolved, what); // a cleared id cache must not delete members' accounts (0207)
    const waiting: string[] = [];
    const seen = new Set<string>();
    for (const dn of userDns) {
      const ref = resolved.get(normalizeDn(dn) ?? '');
      if (!ref) {
        waiting.push(dn);
        continue;
      }
      if (ref.contextId === undefined || ref.oxId === undefined) continue;
      const user = env.store.getObject(ref.objectId);
      const login = renderLogin(env.settings.functionalAccountLoginTemplate, {
        faId: objectIdentifier(attrs, change.objectId),
        faAddress: address,
        userId: objectIdentifier(user?.attrs ?? {}, ref.objectId),
        userDn: ref.dn,
        userAttrs: user?.attrs ?? {},
        what,
      });
      const pair = { contextId: ref.contextId, userId: ref.oxId, login };
      if (!seen.has(key(pair))) state.pairs.push(pair);
      seen.add(key(pair));
    }
    if (waiting.length > 0) {
      env.log.info(
        `${what} waits for ${waiting.length} user(s) not provisioned yet (e.g. ${waiting[0]}); it is re-planned when they arrive`,
      );
    }

    // Before any OX call: in a context where another object holds the address, this one is parked (0240).
    const claim = takeAddress(env, change, address, state.pairs, prev);
    try {
      await applyPairs(env, change, prev, state, what);
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

/** Makes OX hold `state`'s pairs where it held `prev`'s: only pairs that changed cost calls. */
async function applyPairs(
  env: ProvisioningEnv,
  change: ChangeRecord,
  prev: AccountOxState | null | undefined,
  state: AccountOxState,
  what: string,
): Promise<void> {
  const address = state.address;
  // `update` cannot remove a personal part, so clearing it re-creates the accounts without one, which is
  // what the original's delete-and-create leaves in OX.
  const personalCleared = !!prev && prev.personal !== null && state.personal === null;
  if (prev && (prev.address !== address || personalCleared)) {
    // A new address is a different mailbox; a removed personal part cannot be updated away: replace every pair.
    await deletePairs(env, change.objectId, prev.address, prev.pairs, what);
    for (const p of state.pairs) await createPair(env, change, state, p, what);
  } else {
    const before = new Map((prev?.pairs ?? []).map((p) => [key(p), p]));
    const after = new Map(state.pairs.map((p) => [key(p), p]));
    await deletePairs(
      env,
      change.objectId,
      address,
      [...before.values()].filter((p) => !after.has(key(p))),
      what,
    );
    const kept = state.pairs.filter((p) => before.has(key(p)) && isLive(env, p));
    if (prev && (prev.name !== state.name || prev.personal !== state.personal)) {
      const data: Record<string, string> = { name: state.name };
      if (state.personal !== null) data.personal = state.personal;
      for (const [contextId, list] of byContext(kept)) {
        requireCredentials(env, contextId, what);
        await update(
          env,
          address,
          contextId,
          list.map((p) => p.userId),
          data,
        );
      }
    }
    for (const p of kept) {
      if (before.get(key(p))!.login !== p.login) {
        requireCredentials(env, p.contextId, what);
        await update(env, address, p.contextId, [p.userId], { login: p.login });
        env.log.info(`Changed the login of functional account ${address} for user ${p.userId}`);
      }
    }
    for (const p of state.pairs) {
      if (!before.has(key(p)) || !isLive(env, p)) await createPair(env, change, state, p, what);
    }
  }
}
