// The functional-account planner: plain objects in, operations out (no emulator, database or network).
import { describe, expect, it } from 'vitest';
import {
  desiredAccount,
  pairKey,
  planAccount,
  type AccountOxState,
  type Pair,
} from '../../../src/provisioning/functional-accounts/plan.js';

const FA = 'functional-account' as const;
const a: Pair = { contextId: 10, userId: 3, login: 'FAalice' };
const b: Pair = { contextId: 10, userId: 4, login: 'FAbob' };
const c: Pair = { contextId: 20, userId: 5, login: 'FAcarol' };
const stored: AccountOxState = { address: 'fa@x', name: 'Team', personal: 'Team X', pairs: [a, b, c] };
const allLive = (...states: AccountOxState[]) => new Set(states.flatMap((s) => s.pairs.map(pairKey)));
const create = (state: AccountOxState, pair: Pair) => ({
  type: FA,
  op: 'create',
  address: state.address,
  name: state.name,
  personal: state.personal,
  pair,
});

describe('functional-account planning', () => {
  it('reads the members: one pair per (context, user), logins from the template, unknown members wait', () => {
    const resolved = new Map([
      ['uid=alice,dc=x', { objectId: 'A', udmType: 'users/user', dn: 'uid=alice,dc=x', contextId: 10, oxId: 3 }],
      ['uid=nobox,dc=x', { objectId: 'N', udmType: 'users/user', dn: 'uid=nobox,dc=x' }],
    ]);
    const attrs = {
      mailPrimaryAddress: 'FA@X',
      name: 'Team',
      users: ['uid=alice,dc=x', 'uid=Alice,dc=x', 'uid=nobox,dc=x', 'uid=new,dc=x'],
    };
    const userAttrs = new Map([['A', { username: 'alice' }]]);
    const { state, waiting } = desiredAccount(attrs, 'FA', resolved, userAttrs, '{{fa_entry_uuid}}{{username}}', 'F');
    expect(state).toEqual({ address: 'fa@x', name: 'Team', personal: null, pairs: [{ ...a, login: 'FAalice' }] });
    expect(waiting).toEqual(['uid=new,dc=x']);
  });

  it('without mailPrimaryAddress: an error saying to set one; without name: the address', () => {
    expect(() => desiredAccount({ name: 'x' }, 'FA', new Map(), new Map(), '', 'functional account F')).toThrow(
      /Cannot provision functional account F: it has no mailPrimaryAddress; set one/,
    );
    expect(desiredAccount({ mailPrimaryAddress: 'fa@x' }, 'FA', new Map(), new Map(), '', 'F').state.name).toBe('fa@x');
  });

  it('new account: one create per pair', () => {
    expect(planAccount(undefined, stored, allLive(stored))).toEqual(stored.pairs.map((p) => create(stored, p)));
  });

  it('unchanged: no operation', () => {
    expect(planAccount(stored, { ...stored, pairs: [a, b, c] }, allLive(stored))).toEqual([]);
  });

  it('removed members: one delete per context; added members: one create each', () => {
    const d: Pair = { contextId: 20, userId: 6, login: 'FAdave' };
    const next = { ...stored, pairs: [c, d] };
    expect(planAccount(stored, next, allLive(stored, next))).toEqual([
      { type: FA, op: 'delete', address: 'fa@x', contextId: 10, userIds: [3, 4] },
      create(next, d),
    ]);
  });

  it('a changed name or personal part: one update per context; a changed login: one update of that pair', () => {
    const next = { ...stored, name: 'Team 2', pairs: [a, { ...b, login: 'new' }, c] };
    expect(planAccount(stored, next, allLive(stored))).toEqual([
      {
        type: FA,
        op: 'update',
        address: 'fa@x',
        contextId: 10,
        userIds: [3, 4],
        data: { name: 'Team 2', personal: 'Team X' },
      },
      {
        type: FA,
        op: 'update',
        address: 'fa@x',
        contextId: 20,
        userIds: [5],
        data: { name: 'Team 2', personal: 'Team X' },
      },
      { type: FA, op: 'update', address: 'fa@x', contextId: 10, userIds: [4], data: { login: 'new' } },
    ]);
  });

  it('a new address or a cleared personal part replaces every pair (update cannot remove a personal part)', () => {
    for (const next of [
      { ...stored, address: 'new@x' },
      { ...stored, personal: null },
    ]) {
      expect(planAccount(stored, next, allLive(stored))).toEqual([
        { type: FA, op: 'delete', address: 'fa@x', contextId: 10, userIds: [3, 4] },
        { type: FA, op: 'delete', address: 'fa@x', contextId: 20, userIds: [5] },
        ...next.pairs.map((p) => create(next, p)),
      ]);
    }
  });

  it('deleted account: one delete per context', () => {
    expect(planAccount(stored, null, allLive(stored))).toEqual([
      { type: FA, op: 'delete', address: 'fa@x', contextId: 10, userIds: [3, 4] },
      { type: FA, op: 'delete', address: 'fa@x', contextId: 20, userIds: [5] },
    ]);
    expect(planAccount(undefined, null, new Set())).toEqual([]);
  });

  it('pairs whose user OX deleted are neither deleted nor updated; a member again gets a new account', () => {
    const live = new Set([pairKey(a)]);
    expect(planAccount(stored, null, live)).toEqual([
      { type: FA, op: 'delete', address: 'fa@x', contextId: 10, userIds: [3] },
    ]);
    const renamed = { ...stored, name: 'Team 2' };
    expect(planAccount(stored, renamed, live)).toEqual([
      {
        type: FA,
        op: 'update',
        address: 'fa@x',
        contextId: 10,
        userIds: [3],
        data: { name: 'Team 2', personal: 'Team X' },
      },
      create(renamed, b),
      create(renamed, c),
    ]);
  });
});
