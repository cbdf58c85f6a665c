// The groups planner as the executor sees it: typed operations per context; no emulator, database or network.
import { describe, expect, it } from 'vitest';
import { groupOperations, type GroupInContext } from '../../../src/provisioning/groups/plan.js';

describe('groups planner → operations', () => {
  const previous = new Map<number, GroupInContext>([
    [1, { oxId: 10, name: 'staff', members: [3, 4] }],
    [2, { oxId: 20, name: 'staff', members: [5] }],
  ]);

  it('split: members in a new context make a group there; a context left without members loses it', () => {
    const desired = new Map([
      [1, { name: 'staff', members: [3, 4] }],
      [3, { name: 'staff', members: [7, 8] }],
    ]);
    expect(groupOperations(previous, desired)).toEqual([
      { type: 'group', op: 'create', contextId: 3, name: 'staff', members: [7, 8] },
      { type: 'group', op: 'delete', contextId: 2, oxId: 20 },
    ]);
  });

  it('rename: one change per context with the name and the full member list, and its create if OX lost it', () => {
    const desired = new Map([
      [1, { name: 'team', members: [3, 4] }],
      [2, { name: 'team', members: [5, 6] }],
    ]);
    const ops = groupOperations(previous, desired);
    expect(ops).toEqual([
      {
        type: 'group',
        op: 'change',
        contextId: 1,
        oxId: 10,
        rename: 'team',
        members: [3, 4],
        next: { oxId: 10, name: 'team', members: [3, 4] },
        recreate: { type: 'group', op: 'create', contextId: 1, name: 'team', members: [3, 4] },
      },
      {
        type: 'group',
        op: 'change',
        contextId: 2,
        oxId: 20,
        rename: 'team',
        members: [5, 6],
        next: { oxId: 20, name: 'team', members: [5, 6] },
        recreate: { type: 'group', op: 'create', contextId: 2, name: 'team', members: [5, 6] },
      },
    ]);
  });

  it('members only: the change carries no name; unchanged contexts cost nothing', () => {
    const desired = new Map([
      [1, { name: 'staff', members: [3, 4] }],
      [2, { name: 'staff', members: [5, 9] }],
    ]);
    const [step, ...rest] = groupOperations(previous, desired);
    expect(rest).toEqual([]);
    expect(step).toMatchObject({ op: 'change', contextId: 2, members: [5, 9] });
    expect(step).not.toHaveProperty('rename');
  });

  it('delete: the group goes from every context', () => {
    expect(groupOperations(previous, new Map())).toEqual([
      { type: 'group', op: 'delete', contextId: 1, oxId: 10 },
      { type: 'group', op: 'delete', contextId: 2, oxId: 20 },
    ]);
  });
});
