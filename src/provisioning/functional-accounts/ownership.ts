// One functional-account address, one directory object (issue 14 item 1, decisions 0200 and 0240). A secondary
// account has no OX id: OX knows it by (context, user, primary address), and on "duplicate mail account" this
// handler replaces the pair. So the address, per context, is what an object owns: in a context where another
// object holds the address (stored, or claimed by a unit of this pass), this object is parked before any OX call.
// How OX addresses secondary accounts: docs/reference/ox-secondary-accounts.md.
import type { ChangeRecord } from '../../model/change.js';
import { claimName, conflict, ownerText } from '../ownership.js';
import type { ProvisioningEnv } from '../types.js';

interface PairKey {
  contextId: number;
  userId: number;
}

/** What this object held in OX before this change, as stored. */
interface Held {
  address: string;
  pairs: PairKey[];
}

/**
 * Takes `address` in every context this change brings it into (contexts where the object held no pair under that
 * address before). Throws a PermanentError, having taken nothing, when another object holds it there. The claims
 * last until this object's commit; call release() if the OX calls fail.
 */
export function takeAddress(
  env: ProvisioningEnv,
  change: ChangeRecord,
  address: string,
  pairs: readonly PairKey[],
  prev: Held | null | undefined,
): { release(): void } {
  const had = new Set(prev?.address === address ? prev.pairs.map((p) => p.contextId) : []);
  const entering = [...new Set(pairs.map((p) => p.contextId))].filter((c) => !had.has(c)).sort((a, b) => a - b);
  if (entering.length === 0) return { release: () => undefined };

  const holders = env.store.ownership.storedAddressHolders(address, change.objectId);
  for (const contextId of entering) {
    const holder = holders.find((h) => h.contextId === contextId);
    if (holder) {
      conflict(
        change,
        'functional-account',
        address,
        contextId,
        `belongs to ${ownerText(holder)}, which has the same mailPrimaryAddress`,
      );
    }
  }
  const claims: { release(): void }[] = [];
  const release = () => claims.forEach((c) => c.release());
  try {
    for (const contextId of entering) claims.push(claimName(env, change, 'functional-account', contextId, address));
  } catch (err) {
    release();
    throw err;
  }
  return { release };
}

/**
 * Parks the object when another stored object holds this very pair: OX said "duplicate mail account" for it, and
 * replacing it would take that object's account (only a store written before decision 0240 can hold such a pair).
 */
export function refuseHeldPair(env: ProvisioningEnv, change: ChangeRecord, address: string, pair: PairKey): void {
  const holder = sharerOf(env, change.objectId, address, [pair]).get(pairKey(pair));
  if (holder) {
    conflict(
      change,
      'functional-account',
      address,
      pair.contextId,
      `for OX user ${pair.userId} belongs to ${holder}, which has the same mailPrimaryAddress`,
    );
  }
}

const pairKey = (p: PairKey) => `${p.contextId}:${p.userId}`;

/**
 * Of `pairs`, those another stored object holds under `address` too, with that object's description. A delete
 * leaves those to it (only a store written before decision 0240 shares a pair).
 */
export function sharerOf(
  env: ProvisioningEnv,
  objectId: string,
  address: string,
  pairs: readonly PairKey[],
): Map<string, string> {
  const out = new Map<string, string>();
  if (pairs.length === 0) return out;
  const wanted = new Set(pairs.map(pairKey));
  for (const h of env.store.ownership.storedAddressHolders(address, objectId)) {
    if (wanted.has(pairKey(h)) && !out.has(pairKey(h))) out.set(pairKey(h), ownerText(h));
  }
  return out;
}

export { pairKey };
