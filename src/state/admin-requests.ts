// Administrator commands handed to the runner (decision 0345): one row per request. Every change of state is one
// conditional UPDATE, so the runner claiming a request and its command cancelling it cannot both win: a request
// is carried out at most once.
import type { StateDb } from './database.js';
import { statement } from './statements.js';

export type AdminRequestState = 'pending' | 'running' | 'done' | 'cancelled' | 'abandoned' | 'interrupted';

export interface AdminRequest {
  id: number;
  command: string;
  action: string;
  args: string;
  requesterPid: number;
  state: AdminRequestState;
  runnerPid: number | null;
  progress: string | null;
  result: string | null;
}

const COLUMNS = `id, command, action, args, requester_pid AS requesterPid, state, runner_pid AS runnerPid, progress, result`;

export function addAdminRequest(db: StateDb, r: { command: string; action: string; args: string }): number {
  const info = statement(
    db,
    `INSERT INTO admin_requests (command, action, args, requester_pid, state, created_at)
     VALUES (?, ?, ?, ?, 'pending', ?)`,
  ).run(r.command, r.action, r.args, process.pid, new Date().toISOString());
  return Number(info.lastInsertRowid);
}

export function adminRequest(db: StateDb, id: number): AdminRequest | undefined {
  return statement(db, `SELECT ${COLUMNS} FROM admin_requests WHERE id = ?`).get(id) as AdminRequest | undefined;
}

export function hasPendingAdminRequest(db: StateDb): boolean {
  return statement(db, `SELECT 1 FROM admin_requests WHERE state = 'pending' LIMIT 1`).get() !== undefined;
}

export function pendingAdminRequests(db: StateDb): AdminRequest[] {
  return statement(
    db,
    `SELECT ${COLUMNS} FROM admin_requests WHERE state = 'pending' ORDER BY id`,
  ).all() as AdminRequest[];
}

/** pending → `to`; false when it was not pending any more (claimed, cancelled). */
function moveFromPending(db: StateDb, id: number, to: AdminRequestState, runnerPid: number | null): boolean {
  return (
    statement(db, `UPDATE admin_requests SET state = ?, runner_pid = ? WHERE id = ? AND state = 'pending'`).run(
      to,
      runnerPid,
      id,
    ).changes === 1
  );
}

/** The runner takes the request up; false when its command cancelled it first. */
export const claimAdminRequest = (db: StateDb, id: number) => moveFromPending(db, id, 'running', process.pid);
/** The command gives up (or carries it out itself); false when a runner has taken it up. */
export const cancelAdminRequest = (db: StateDb, id: number) => moveFromPending(db, id, 'cancelled', null);
/** Its command is gone: nobody waits for the result. */
export const abandonAdminRequest = (db: StateDb, id: number) => moveFromPending(db, id, 'abandoned', null);

export function setAdminRequestProgress(db: StateDb, id: number, line: string): void {
  statement(db, `UPDATE admin_requests SET progress = ? WHERE id = ?`).run(line, id);
}

export function finishAdminRequest(db: StateDb, id: number, result: string): void {
  statement(
    db,
    `UPDATE admin_requests SET state = 'done', result = ?, finished_at = ? WHERE id = ? AND state = 'running'`,
  ).run(result, new Date().toISOString(), id);
}

/**
 * A runner starting (it holds the lock, so the previous one is dead): what that one was carrying out may be partly
 * done and is never run again; finished rows older than a day are dropped (their commands have read them).
 */
export function settleAdminRequestsAtStart(db: StateDb): number {
  const interrupted = statement(
    db,
    `UPDATE admin_requests SET state = 'interrupted', finished_at = ? WHERE state = 'running'`,
  ).run(new Date().toISOString()).changes;
  statement(
    db,
    `DELETE FROM admin_requests WHERE state NOT IN ('pending', 'running') AND coalesce(finished_at, created_at) < ?`,
  ).run(new Date(Date.now() - 24 * 3600 * 1000).toISOString());
  return interrupted;
}

export function deleteAdminRequest(db: StateDb, id: number): void {
  statement(db, `DELETE FROM admin_requests WHERE id = ?`).run(id);
}
