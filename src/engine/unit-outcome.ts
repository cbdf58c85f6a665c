// One unit (all queued changes of one object) provisioned, and what came of it: confirmed by OX and handed to the
// group commit, parked after a permanent failure, or a transient failure for the pass to handle.
import type { CoalescedChange } from '../model/change.js';
import { oxErrorKind } from '../provisioning/ox-port.js';
import type { ObjectHandler, ProvisioningEnv, ProvisionInput } from '../provisioning/types.js';
import type { PolicyStore } from '../state/policy-store.js';
import { classifyFailure } from './errors.js';
import type { ConfirmedChange, GroupCommit } from './group-commit.js';
import { park, type ParkingContext } from './parking.js';

export interface Unit {
  change: CoalescedChange;
  handler: ObjectHandler;
  /** Synthetic re-provisioning from stored state: no queue records to acknowledge. */
  requeue?: boolean;
}

/** A unit OX confirmed, waiting for its group commit. */
export interface ConfirmedUnit extends ConfirmedChange {
  unit: Unit;
  input: ProvisionInput;
}

export type UnitOutcome =
  { kind: 'ok' } | { kind: 'permanent' } | { kind: 'transient'; file: string; message: string; unreachable: boolean };
export type TransientOutcome = Extract<UnitOutcome, { kind: 'transient' }>;

/** What running a unit needs from the engine. */
export interface UnitContext extends ParkingContext {
  policy: PolicyStore;
  /** Everything handlers need except the per-object log and requeue, which the pass supplies. */
  env: Omit<ProvisioningEnv, 'requeue' | 'log'>;
}

/** No answer from OX at all (refused, reset, timed out): worth probing the connection before the next attempt. */
function isUnreachable(err: unknown): boolean {
  const e = err as { httpStatus?: unknown; faultString?: unknown; kind?: unknown } | undefined;
  if (e?.kind === 'transient') return e.httpStatus === undefined && e.faultString === undefined;
  return e !== undefined && oxErrorKind(err) === undefined;
}

/**
 * Provisions one object's coalesced change. On success it goes to the group commit, which stores it and then
 * acknowledges its files; a failure is recorded (after everything confirmed before it) and parks the object.
 */
export async function runUnit(
  ctx: UnitContext,
  unit: Unit,
  input: ProvisionInput,
  requeue: ProvisioningEnv['requeue'],
  commits: GroupCommit<ConfirmedUnit>,
): Promise<UnitOutcome> {
  const change = unit.change.last;
  const objLog = ctx.log.child(change.objectId);
  const first = unit.change.records[0];
  const more = unit.change.records.length - 1;
  objLog.info(`Handling ${first.source}${more > 0 ? ` (and ${more} later change${more > 1 ? 's' : ''} of it)` : ''}`, {
    type: change.udmType,
    dn: change.dn,
  });
  try {
    let stored = input.stored;
    // A full re-provisioning (tasks reprovision): the handler sees no stored state, so it adopts what OX has
    // and sends every field. Only when the queued state is the stored one, so no move or rename is lost.
    const resync = ctx.policy.resyncRequested(change.objectId);
    const fullResync =
      resync &&
      stored !== undefined &&
      change.dn === stored.dn &&
      JSON.stringify(change.attributes) === JSON.stringify(stored.attrs);
    if (fullResync) stored = undefined;
    const storeChange = await unit.handler.provision({ change, stored }, { ...ctx.env, log: objLog, requeue });
    commits.add({
      change: storeChange,
      records: unit.requeue ? [] : unit.change.records,
      afterCommit: () => {
        if (resync) ctx.policy.resyncDone(change.objectId);
        ctx.outcomes?.objectOutcome(change.udmType, 'provisioned');
      },
      unit,
      input,
    });
    return { kind: 'ok' };
  } catch (err) {
    // Everything confirmed before this failure is stored first: the health record keeps the order of events.
    commits.flush();
    return failUnit(ctx, unit, err);
  }
}

/** Records a unit's failure: transient ones for the pass to report once, permanent ones park the object. */
export function failUnit(ctx: ParkingContext, unit: Unit, err: unknown): UnitOutcome {
  const change = unit.change.last;
  const file = unit.requeue ? change.source : unit.change.records[0].source;
  const failure = classifyFailure(err, change);
  if (failure.transient) {
    ctx.outcomes?.objectOutcome(change.udmType, 'transient');
    return { kind: 'transient', file, message: failure.message, unreachable: isUnreachable(err) };
  }
  park(ctx, unit, file, failure.message, false);
  return { kind: 'permanent' };
}
