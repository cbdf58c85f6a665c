// Decision 0345: a request handed to the runner is carried out at most once — the runner's claim and the command's
// withdrawal are conditional on "pending", so exactly one wins; a request being carried out when the runner died
// is never handed out again.
import { beforeEach, describe, expect, it } from 'vitest';
import {
  addAdminRequest,
  adminRequest,
  cancelAdminRequest,
  claimAdminRequest,
  finishAdminRequest,
  hasPendingAdminRequest,
  pendingAdminRequests,
  settleAdminRequestsAtStart,
} from '../../../src/state/admin-requests.js';
import { openStateDb, type StateDb } from '../../../src/state/database.js';

let db: StateDb;
beforeEach(() => {
  db = openStateDb(':memory:');
});

const add = () => addAdminRequest(db, { command: 'ox-connector tasks retry', action: 'tasks-retry', args: '{}' });

describe('admin requests', () => {
  it('claimed by the runner: the command cannot withdraw it, and it is finished once', () => {
    const id = add();
    expect(hasPendingAdminRequest(db)).toBe(true);
    expect(claimAdminRequest(db, id)).toBe(true);
    expect(claimAdminRequest(db, id)).toBe(false);
    expect(cancelAdminRequest(db, id)).toBe(false);
    expect(hasPendingAdminRequest(db)).toBe(false);
    finishAdminRequest(db, id, '{"output":[]}');
    expect(adminRequest(db, id)).toMatchObject({ state: 'done', result: '{"output":[]}', runnerPid: process.pid });
  });

  it('withdrawn by the command: no runner takes it up', () => {
    const id = add();
    expect(cancelAdminRequest(db, id)).toBe(true);
    expect(claimAdminRequest(db, id)).toBe(false);
    expect(pendingAdminRequests(db)).toEqual([]);
  });

  it('a request being carried out when the runner died is interrupted at the next start, never handed out again', () => {
    const running = add();
    claimAdminRequest(db, running);
    const waiting = add();
    expect(settleAdminRequestsAtStart(db)).toBe(1);
    expect(adminRequest(db, running)?.state).toBe('interrupted');
    expect(pendingAdminRequests(db).map((r) => r.id)).toEqual([waiting]);
    finishAdminRequest(db, running, '{"output":[]}');
    expect(adminRequest(db, running)?.state).toBe('interrupted');
  });
});
