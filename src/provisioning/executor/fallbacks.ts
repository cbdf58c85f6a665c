// The fallbacks every OX object type shares, written once (decision 0270). Every operation must be safe to repeat
// (DESIGN principle 3), so:
// - create → OX says the name exists → look it up by name → refuse it if another stored object owns it
//   (decision 0200) → adopt it;
// - change → OX says it is gone → create it again;
// - delete → OX says it is gone → done; an OX object another stored object also owns → kept.
import type { ChangeRecord } from '../../model/change.js';
import type { Logger } from '../../ops/log.js';
import { isAlreadyExists, isNotFound } from '../ox-port.js';
import { otherOwner, ownerText, refuseAdoption, withNameClaim, type OwnedKind } from '../ownership.js';
import { describe, type ProvisioningEnv } from '../types.js';

/** What an executor needs to carry out one object's operations. */
export interface Target {
  env: ProvisioningEnv;
  change: ChangeRecord;
}

export interface CreateOrAdopt<T, Found extends { id?: number | null }> {
  kind: OwnedKind;
  contextId: number;
  name: string;
  /** The create call; throws OX's "already exists" when the name is taken. */
  create(): Promise<T>;
  /** Reads the OX object of that name. */
  lookUp(): Promise<Found | null | undefined>;
  /** Makes the OX object `found` (whose id is `oxId`) this object's and returns its state. */
  adopt(oxId: number, found: Found): Promise<T>;
  /** The error when OX answers the lookup without an id (neither OX nor the emulator does). */
  noId: string;
  /** Users: a name gone between "exists" and the lookup was freed meanwhile (owner renamed or deleted); try once more. */
  createAgainWhenGone?: boolean;
}

/** Creates `name` under a name claim; when OX has it already, adopts it unless another stored object owns it. */
export function createOrAdopt<T, Found extends { id?: number | null }>(
  target: Target,
  how: CreateOrAdopt<T, Found>,
): Promise<T> {
  const { env, change } = target;
  return withNameClaim(env, change, how.kind, how.contextId, how.name, async () => {
    const what = describe(change);
    for (let attempt = 1; ; attempt++) {
      try {
        return await how.create();
      } catch (err) {
        if (!isAlreadyExists(err)) throw err;
      }
      // Ours from an interrupted run, or made by hand (or a legacy one): adopt it and make it match.
      let found: Found | null | undefined;
      try {
        found = await how.lookUp();
      } catch (err) {
        if (how.createAgainWhenGone && isNotFound(err) && attempt === 1) continue;
        throw err;
      }
      if (typeof found?.id !== 'number') {
        throw new Error(how.noId);
      }
      refuseAdoption(env, change, how.kind, how.contextId, found.id, how.name);
      env.log.info(`${what} exists in context ${how.contextId}. Modifying instead...`);
      return how.adopt(found.id, found);
    }
  });
}

/** Runs `change`; when OX says the object is gone, logs `missing` and runs `recreate` instead. */
export async function changeOrRecreate<T>(
  log: Logger,
  change: () => Promise<T>,
  missing: string,
  recreate: () => Promise<T>,
): Promise<T> {
  try {
    return await change();
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  log.warning(missing);
  return recreate();
}

/**
 * True when another stored object owns the same OX object (only a store written before decision 0200 holds such
 * pairs): a delete then leaves it to that owner, and `kept(owner)` says so in the log.
 */
export function keptForOtherOwner(
  target: Target,
  kind: OwnedKind,
  contextId: number,
  oxId: number,
  kept: (owner: string) => string,
): boolean {
  const sharer = otherOwner(target.env, target.change.objectId, kind, contextId, oxId);
  if (!sharer) return false;
  target.env.log.warning(kept(ownerText(sharer)));
  return true;
}

/**
 * Runs a delete; an object OX no longer has counts as deleted. `say` gives the log lines for both (none when
 * absent). Returns false when it was gone already.
 */
export async function deleteTolerant(
  remove: () => Promise<unknown>,
  say?: { log: Logger; deleted: string; gone: string },
): Promise<boolean> {
  try {
    await remove();
    say?.log.info(say.deleted);
    return true;
  } catch (err) {
    if (!isNotFound(err)) throw err;
    say?.log.info(say.gone);
    return false;
  }
}

/** The log line of a delete that found nothing to delete. */
export function goneMessage(target: Target, contextId: number): string {
  return `${describe(target.change)} does not exist in context ${contextId}. Doing nothing...`;
}
