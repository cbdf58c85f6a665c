// Who owns an OX object (issue 14 item 1, decision 0200): an OX object belongs to exactly one directory object.
// Two places know an owner: the store (ox_ids rows, committed) and this process, where a unit that is creating
// or adopting an OX object by name holds a claim on that name until its commit lands (the group commit may hold
// a confirmed change back for a moment, decision 0161). Together they answer "may this object adopt that one?"
// without a race: a claim is checked and taken in one synchronous step, so of two units of the same login in one
// pass only the first gets it.
import type { StateDb } from './database.js';
import { statement } from './statements.js';

/** A directory object that owns (or is taking) an OX object. */
export interface Owner {
  objectId: string;
  udmType: string;
  dn: string;
}

/** The name of an OX object of one kind in one context; OX compares names without case, so do the keys. */
export function nameKey(kind: string, contextId: number, name: string): string {
  return `${kind}:${contextId}:${name.toLowerCase()}`;
}

export class OxOwnership {
  /** claim key → the unit holding it; claim keys of an object, to release them together. */
  private readonly claims = new Map<string, Owner>();
  private readonly keysOf = new Map<string, Set<string>>();

  constructor(private readonly db: StateDb) {}

  /**
   * Another object that the store records as owner of OX object `oxId` of `kind` in `contextId`, if any.
   * (For contexts, contextId and oxId are both the context id.)
   */
  storedOwner(contextId: number, kind: string, oxId: number, exceptObjectId: string): Owner | undefined {
    const row = statement(
      this.db,
      `SELECT x.object_id AS objectId, COALESCE(o.udm_type, '') AS udmType, COALESCE(o.dn, '') AS dn
         FROM ox_ids x LEFT JOIN objects o ON o.object_id = x.object_id
        WHERE x.context_id = ? AND x.kind = ? AND x.ox_id = ? AND x.object_id <> ?
        ORDER BY x.object_id LIMIT 1`,
    ).get(contextId, kind, oxId, exceptObjectId) as Owner | undefined;
    return row;
  }

  /**
   * The secondary accounts (context, OX user) that other functional-account objects hold under mail `address`,
   * as stored (decision 0240): a functional account has no OX id, so its address decides who owns the accounts.
   * Uses the partial index on the address (migration 240-functional-account-address).
   */
  storedAddressHolders(address: string, exceptObjectId: string): (Owner & { contextId: number; userId: number })[] {
    return statement(
      this.db,
      `SELECT o.object_id AS objectId, o.udm_type AS udmType, o.dn AS dn,
              json_extract(p.value, '$.contextId') AS contextId, json_extract(p.value, '$.userId') AS userId
         FROM objects o, json_each(o.ox_state, '$.pairs') p
        WHERE o.udm_type = 'oxmail/functional_account' AND json_extract(o.ox_state, '$.address') = ?
          AND o.object_id <> ?
        ORDER BY o.object_id`,
    ).all(address, exceptObjectId) as (Owner & { contextId: number; userId: number })[];
  }

  /**
   * Takes the claim `key` for `owner`, unless another object holds it: then that object is returned and nothing
   * changes. Synchronous on purpose: check and take cannot be interleaved with another unit.
   */
  claim(key: string, owner: Owner): Owner | undefined {
    const holder = this.claims.get(key);
    if (holder && holder.objectId !== owner.objectId) return holder;
    this.claims.set(key, owner);
    let keys = this.keysOf.get(owner.objectId);
    if (!keys) this.keysOf.set(owner.objectId, (keys = new Set()));
    keys.add(key);
    return undefined;
  }

  /** Gives one claim back (the create or adoption it guarded did not happen). */
  releaseClaim(key: string, objectId: string): void {
    if (this.claims.get(key)?.objectId !== objectId) return;
    this.claims.delete(key);
    this.keysOf.get(objectId)?.delete(key);
  }

  /** The object's change is committed: from now on the store tells who owns what, so its claims go. */
  settled(objectId: string): void {
    const keys = this.keysOf.get(objectId);
    if (!keys) return;
    for (const key of keys) if (this.claims.get(key)?.objectId === objectId) this.claims.delete(key);
    this.keysOf.delete(objectId);
  }
}
