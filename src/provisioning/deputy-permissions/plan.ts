// Pure planning of a grantor's deputy permissions (docs/reference/ox-deputy-permissions.md): from the parsed
// oxDeputyPermissionGivenTo, the deputies as the store resolves them and the grants stored for the grantor, the
// fewest OXDeputyPermissionsService calls. Unlike the original (revoke everything and grant again on every change):
// a new deputy = 1 grant, a removed one = 1 revoke, changed rights = 1 update, nothing changed = none (0075).
import { normalizeDn } from '../../model/dn.js';
import type { DeputyGrant, DeputyGrantsRow, ResolvedRef } from '../../state/references.js';
import type { DeputyOperation } from '../executor/deputy-permissions.js';
import type { LogLine } from '../executor/operations.js';
import type { DeputyValue } from './values.js';

export interface DeputyPlanInput {
  grantorId: string;
  /** For the log lines. */
  grantorDn: string;
  grantor: { contextId: number; oxId: number };
  /** The parsed list and what parsing refused (`parseDeputyValues`). */
  values: DeputyValue[];
  parseProblems: string[];
  /** The deputies' DNs (normalised) → stored objects; deputies not provisioned yet are absent. */
  resolved: ReadonlyMap<string, ResolvedRef>;
  /** The grants stored for this grantor, if any. */
  row: DeputyGrantsRow | undefined;
  /** Deputy OX ids (in the grantor's context) that OX still has: a deleted deputy took its permission along. */
  liveDeputies: ReadonlySet<number>;
}

export interface DeputyPlan {
  ops: DeputyOperation[];
  /** Lines to log before the operations run (deputies waiting or not OX users, refused values). */
  log: LogLine[];
  /** Deputy DNs not provisioned yet: the grantor is re-planned when they arrive. */
  waiting: string[];
  /**
   * The grants to store afterwards, in order: an unchanged one as it is, the others by the outcome of their grant
   * or update (left out when OX refused it). null: the stored row is removed.
   */
  grants: { deputyOxId: number; unchanged?: DeputyGrant }[] | null;
}

/** The grants the list asks for, by deputy OX id, with the log lines and problems resolving them gave. */
function desiredGrants(input: DeputyPlanInput, log: LogLine[], waiting: string[]): Map<number, DeputyGrant> {
  const { grantorId, grantor, resolved } = input;
  const problems = [...input.parseProblems];
  const desired = new Map<number, DeputyGrant>();
  for (const v of input.values) {
    const ref = resolved.get(normalizeDn(v.dn) ?? '');
    if (!ref) {
      waiting.push(v.dn);
      log.push({
        level: 'info',
        message: `Deputy ${v.dn} is not provisioned yet; the permission is granted when it arrives`,
      });
      continue;
    }
    if (ref.objectId === grantorId) problems.push('The deputy permission cannot be granted for the same object.');
    else if (ref.oxId === undefined)
      log.push({ level: 'info', message: `Deputy ${v.dn} is no OX user; no permission granted` });
    else if (ref.contextId !== grantor.contextId)
      problems.push(`Deputy permissions can only be granted for users in the same OX context (${v.dn}).`);
    else if (desired.has(ref.oxId))
      problems.push(`The permission can only be granted once between the same accounts (${v.dn}).`);
    else {
      const { mail, calendar, sendOnBehalfOf } = v;
      desired.set(ref.oxId, { deputyOxId: ref.oxId, deputyId: null, mail, calendar, sendOnBehalfOf });
    }
  }
  for (const p of problems) log.push({ level: 'warning', message: `${input.grantorDn}: ${p}` });
  return desired;
}

function sameRights(a: DeputyGrant, b: DeputyGrant): boolean {
  return a.mail === b.mail && a.calendar === b.calendar && a.sendOnBehalfOf === b.sendOnBehalfOf;
}

export function planDeputies(input: DeputyPlanInput): DeputyPlan {
  const { grantor, row } = input;
  const log: LogLine[] = [];
  const waiting: string[] = [];
  const desired = desiredGrants(input, log, waiting);
  const who = { type: 'deputy-permission', contextId: grantor.contextId, userId: grantor.oxId } as const;
  // Grants recorded for another OX user (moved context, re-created) are gone with that user.
  const current = row && row.contextId === grantor.contextId && row.oxUserId === grantor.oxId ? row : undefined;

  // The original keys on the list being non-empty, not on what could be granted: a list of only unresolvable
  // deputies still revokes everything and blocks manual editing (docs/reference/ox-deputy-permissions.md).
  const listed = input.values.length > 0 || input.parseProblems.length > 0;
  if (!listed) {
    // A row exists only while the last provisioned list was non-empty: the original then revokes and unblocks.
    const ops: DeputyOperation[] = current
      ? [
          { ...who, op: 'revokeAll' },
          { ...who, op: 'unblockManual' },
        ]
      : [];
    return { ops, log, waiting, grants: null };
  }

  // First provisioning: remove what the user set up by hand in OX, as the original does.
  const ops: DeputyOperation[] = current ? [] : [{ ...who, op: 'revokeAll' }];
  const have = new Map((current?.grants ?? []).map((g) => [g.deputyOxId, g]));
  for (const [deputyOxId, old] of have) {
    if (desired.has(deputyOxId)) continue;
    if (old.deputyId !== null && input.liveDeputies.has(deputyOxId))
      ops.push({ ...who, op: 'revoke', deputyOxId, deputyId: old.deputyId });
    else log.push({ level: 'info', message: `Revoked deputy permission of user ${grantor.oxId} for ${deputyOxId}` });
  }
  const grants: { deputyOxId: number; unchanged?: DeputyGrant }[] = [];
  for (const want of desired.values()) {
    const old = have.get(want.deputyOxId);
    if (old && sameRights(old, want)) grants.push({ deputyOxId: want.deputyOxId, unchanged: old });
    else if (old && old.deputyId !== null) {
      ops.push({ ...who, op: 'update', deputyId: old.deputyId, grant: { ...want, deputyId: old.deputyId } });
      grants.push({ deputyOxId: want.deputyOxId });
    } else {
      ops.push({ ...who, op: 'grant', grant: want });
      grants.push({ deputyOxId: want.deputyOxId });
    }
  }
  if (!current?.blocked) ops.push({ ...who, op: 'blockManual' });
  return { ops, log, waiting, grants };
}
