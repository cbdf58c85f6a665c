// What provisioning asks the store about references between objects, without touching SQL: the DNs a group,
// functional account or grantor names, the objects naming a DN, users holding an access profile, forgotten user
// ids, and the deputy permissions stored per grantor. Implemented by state/stored-references.ts; a planner can
// be given a fake.
import type { ForgottenUserId } from '../state/forgotten-user-ids.js';
import type { DeputyGrantsRow, ResolvedRef } from '../state/references.js';

export interface ReferencesPort {
  /** DNs → stored objects, by current DN or else a former DN; keyed by normalised DN, unknown DNs absent. */
  resolve(dns: Iterable<string>): Map<string, ResolvedRef>;
  /** Objects (groups, accounts, grantors) that name any of these DNs. */
  referrersOf(dns: Iterable<string>): string[];
  /** Replaces the DNs an object names (written before its commit: see deputy permissions). */
  replaceMemberRefs(ownerId: string, dns: string[]): void;
  /** Users whose oxAccess names this access profile. */
  usersWithProfile(profile: string): string[];
  /** Of these objects, the users whose stored state names a context and login but no OX id. */
  forgottenUserIds(objectIds: string[]): ForgottenUserId[];
  /** Puts a looked-up id back, unless a change of the user committed meanwhile. */
  restoreUserId(user: ForgottenUserId, oxId: number): void;
  /** Of these OX user ids in a context, the ones some stored object owns. */
  ownedUserIds(contextId: number, oxIds: number[]): Set<number>;
  deputyGrants(grantorId: string): DeputyGrantsRow | undefined;
  putDeputyGrants(row: DeputyGrantsRow): void;
  deleteDeputyGrants(grantorId: string): void;
}
