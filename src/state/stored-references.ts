// The store's side of provisioning's references port (provisioning/references-port.ts): the same queries as
// references.ts and forgotten-user-ids.ts, bound to one connection so that handlers never hold the database.
import type { StateDb } from './database.js';
import { forgottenUserIds, ownedUserIds, restoreUserId, type ForgottenUserId } from './forgotten-user-ids.js';
import {
  deleteDeputyGrants,
  getDeputyGrants,
  putDeputyGrants,
  referrersOf,
  replaceMemberRefs,
  resolveRefs,
  usersWithProfile,
  type DeputyGrantsRow,
  type ResolvedRef,
} from './references.js';

export class StoredReferences {
  constructor(private readonly db: StateDb) {}

  resolve(dns: Iterable<string>): Map<string, ResolvedRef> {
    return resolveRefs(this.db, dns);
  }

  referrersOf(dns: Iterable<string>): string[] {
    return referrersOf(this.db, dns);
  }

  replaceMemberRefs(ownerId: string, dns: string[]): void {
    replaceMemberRefs(this.db, ownerId, dns);
  }

  usersWithProfile(profile: string): string[] {
    return usersWithProfile(this.db, profile);
  }

  forgottenUserIds(objectIds: string[]): ForgottenUserId[] {
    return forgottenUserIds(this.db, objectIds);
  }

  restoreUserId(user: ForgottenUserId, oxId: number): void {
    restoreUserId(this.db, user, oxId);
  }

  ownedUserIds(contextId: number, oxIds: number[]): Set<number> {
    return ownedUserIds(this.db, contextId, oxIds);
  }

  deputyGrants(grantorId: string): DeputyGrantsRow | undefined {
    return getDeputyGrants(this.db, grantorId);
  }

  putDeputyGrants(row: DeputyGrantsRow): void {
    putDeputyGrants(this.db, row);
  }

  deleteDeputyGrants(grantorId: string): void {
    deleteDeputyGrants(this.db, grantorId);
  }
}
