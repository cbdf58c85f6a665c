// The pure parts of reconcile: progress at most every 5 s with rate and ETA, the 10 % orphan guard, and OX's
// read-back of a user compared as provisioning would send it.
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/ops/log.js';
import { ReadProgress } from '../../../src/reconcile/progress.js';
import { orphanGuardRefusal } from '../../../src/reconcile/orphan-guard.js';
import { userFieldsThatDiffer } from '../../../src/reconcile/decide-users.js';
import type { ReconcileAction } from '../../../src/reconcile/types.js';
import type { User } from '../../../src/ox/types.js';

describe('ReadProgress', () => {
  it('logs read of total, rate and ETA, at most once per 5 s', () => {
    const lines: string[] = [];
    let now = 0;
    const progress = new ReadProgress(
      createLogger('INFO', (l) => lines.push(l)),
      10,
      1000,
      () => now,
    );
    now = 1000;
    progress.add(100);
    expect(lines).toEqual([]);
    now = 5000;
    progress.add(400);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('context 10: read 500 of 1000 objects (100/s, ETA 5 s)');
    now = 6000;
    progress.add(100);
    expect(lines).toHaveLength(1);
  });
});

describe('orphanGuardRefusal', () => {
  const orphan = (context: number, name: string): ReconcileAction => ({
    op: 'delete',
    kind: 'user',
    context,
    name,
    orphan: true,
  });
  it('allows up to 10 % of a context’s users and refuses more, naming how many and --force', () => {
    const users = new Map([
      [10, 20],
      [11, 5],
    ]);
    expect(orphanGuardRefusal([orphan(10, 'a'), orphan(10, 'b')], users)).toBeUndefined();
    const refusal = orphanGuardRefusal([orphan(10, 'a'), orphan(11, 'b')], users);
    expect(refusal).toContain('1 of the 5 users in context 11');
    expect(refusal).not.toContain('context 10');
    expect(refusal).toContain('--force');
  });
  it('does not count groups, resources or deletes the directory asked for', () => {
    const actions: ReconcileAction[] = [
      { op: 'delete', kind: 'group', context: 10, name: 'g', orphan: true },
      { op: 'delete', kind: 'user', context: 10, name: 'u', dn: 'uid=u' },
    ];
    expect(orphanGuardRefusal(actions, new Map([[10, 1]]))).toBeUndefined();
  });
});

describe('userFieldsThatDiffer', () => {
  const wanted = {
    contextId: 10,
    name: 'alice',
    fields: {
      name: 'alice',
      display_name: '',
      sur_name: 'Alice',
      aliases: ['a@x.org', 'b@x.org'],
      password: 'x',
      usedQuota: -1,
    },
  } as Parameters<typeof userFieldsThatDiffer>[0];
  it('takes OX’s read-back as equal where it only differs in form', () => {
    // display_name: created under the login name because OX refuses an empty one; aliases: a set; no password read;
    // usedQuota is OX's own count.
    const ox = {
      name: 'alice',
      display_name: 'alice',
      sur_name: 'Alice',
      aliases: ['B@x.org', 'a@x.org'],
      usedQuota: 0,
    } as User;
    expect(userFieldsThatDiffer(wanted, ox)).toEqual([]);
  });
  it('names the OX fields that differ', () => {
    const ox = { name: 'alice', display_name: 'Someone', sur_name: 'Drifted', aliases: ['a@x.org'] } as User;
    expect(userFieldsThatDiffer(wanted, ox)).toEqual(['aliases', 'display_name', 'sur_name']);
  });
});
