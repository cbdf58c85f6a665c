// What a queued change depends on, for holding it back behind a parked or failed object (DESIGN principle 5).
// Handlers declare it (`provides` / `needs` in provisioning/types.ts): users and resources need their OX context,
// groups and functional accounts need the users they name. The engine names no object type.
import type { ChangeRecord } from '../model/change.js';
import { normalizeDn } from '../model/dn.js';
import { stringList } from '../model/values.js';
import type { ObjectHandler, ProvisionInput } from '../provisioning/types.js';
import type { StoredObject } from '../state/store.js';

/** An object that is not tried now (parked and not due, or in transient back-off) and what to tell its dependants. */
export interface Blocker {
  objectId: string;
  dn: string;
  /** Completes "its context N (dn) …" / "it names the user dn, which …". */
  why: string;
}

/** The object a held change waits for, and the administrator-facing reason. */
export interface HoldReason {
  objectId: string;
  reason: string;
}

/** Normalised DNs of the users a change names in its `users` property (empty for deletions). */
export function memberDns(change: ChangeRecord): string[] {
  if (change.attributes === null) return [];
  return stringList(change.attributes.users)
    .map((dn) => normalizeDn(dn))
    .filter((dn): dn is string => dn !== undefined);
}

/** The OX context an object stands for, if its handler provides contexts. */
function contextOf(handler: ObjectHandler, input: ProvisionInput): number | undefined {
  return handler.provides?.includes('contexts') ? handler.contextProvided?.(input) : undefined;
}

/** The DNs (current and stored, normalised) others name an object by, if its handler provides users. */
function userDnsOf(handler: ObjectHandler, dn: string | undefined, stored: StoredObject | undefined): string[] {
  if (!handler.provides?.includes('users')) return [];
  return [dn, stored?.dn].map((d) => normalizeDn(d)).filter((d): d is string => !!d);
}

/** The objects of one pass that others wait for: blocked before it started, or failed in it. */
export class Dependencies {
  private readonly blockedContexts = new Map<number, Blocker>();
  private readonly blockedUsers = new Map<string, Blocker>();
  private readonly failedContexts = new Map<number, string>();
  private readonly failedUsers = new Map<string, string>();

  /**
   * An object not tried in this pass: what it provides waits with it. `change` is its last queued record
   * (undefined when it could not be read again: then only its stored DN is known).
   */
  blocked(
    handler: ObjectHandler,
    change: ChangeRecord | undefined,
    stored: StoredObject | undefined,
    blocker: Blocker,
  ): void {
    const ctx = change ? contextOf(handler, { change, stored }) : undefined;
    if (ctx !== undefined) this.blockedContexts.set(ctx, blocker);
    for (const dn of userDnsOf(handler, change?.dn, stored)) this.blockedUsers.set(dn, blocker);
  }

  /** An object that failed in this pass: later phases hold back what names it (decisions 0090, 0215). */
  failed(handler: ObjectHandler, input: ProvisionInput): void {
    const objectId = input.change.objectId;
    const ctx = contextOf(handler, input);
    if (ctx !== undefined) this.failedContexts.set(ctx, objectId);
    for (const dn of userDnsOf(handler, input.change.dn, input.stored)) this.failedUsers.set(dn, objectId);
  }

  /** The parked or failed object this change has to wait for, if any. */
  holdReason(handler: ObjectHandler, input: ProvisionInput): HoldReason | undefined {
    const needs = handler.needs ?? [];
    const contexts = needs.includes('contexts') ? (handler.contextsNeeded?.(input) ?? []) : [];
    for (const ctx of contexts) {
      const blocker = this.blockedContexts.get(ctx);
      if (blocker) return { objectId: blocker.objectId, reason: `its context ${ctx} (${blocker.dn}) ${blocker.why}` };
      const failed = this.failedContexts.get(ctx);
      if (failed) return { objectId: failed, reason: `its context ${ctx} failed in this run.` };
    }
    for (const dn of needs.includes('users') ? memberDns(input.change) : []) {
      const blocker = this.blockedUsers.get(dn);
      if (blocker)
        return { objectId: blocker.objectId, reason: `it names the user ${blocker.dn}, which ${blocker.why}` };
      const failed = this.failedUsers.get(dn);
      if (failed) return { objectId: failed, reason: `it names the user ${dn}, which failed in this run.` };
    }
    return undefined;
  }
}
