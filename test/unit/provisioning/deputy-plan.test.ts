// The deputy-permission planner: plain objects in, operations out (no emulator, database or network).
import { describe, expect, it } from 'vitest';
import { planDeputies, type DeputyPlanInput } from '../../../src/provisioning/deputy-permissions/plan.js';
import type { DeputyGrant, ResolvedRef } from '../../../src/state/references.js';

const DP = 'deputy-permission' as const;
const who = { type: DP, contextId: 10, userId: 1 };
const ref = (name: string, oxId?: number, contextId = 10): [string, ResolvedRef] => [
  `uid=${name},dc=x`,
  { objectId: name, udmType: 'users/user', dn: `uid=${name},dc=x`, contextId, oxId },
];
const resolved = new Map([ref('bob', 2), ref('carol', 3), ref('other', 9, 20), ref('nobox'), ref('me', 1)]);
const value = (name: string, mail = '01110', calendar = '00000', sendOnBehalfOf = false) => ({
  dn: `uid=${name},dc=x`,
  mail,
  calendar,
  sendOnBehalfOf,
});
const grant = (deputyOxId: number, deputyId: string | null, mail = '01110'): DeputyGrant => ({
  deputyOxId,
  deputyId,
  mail,
  calendar: '00000',
  sendOnBehalfOf: false,
});
const row = (grants: DeputyGrant[], blocked = true) => ({
  grantorId: 'me',
  contextId: 10,
  oxUserId: 1,
  grants,
  blocked,
});

function input(over: Partial<DeputyPlanInput>): DeputyPlanInput {
  return {
    grantorId: 'me',
    grantorDn: 'uid=me,dc=x',
    grantor: { contextId: 10, oxId: 1 },
    values: [],
    parseProblems: [],
    resolved,
    row: undefined,
    liveDeputies: new Set([2, 3]),
    ...over,
  };
}

describe('deputy-permission planning', () => {
  it('first list: revoke what was set up by hand, grant each deputy, block manual editing', () => {
    const plan = planDeputies(input({ values: [value('bob'), value('carol', '00000', '01110', true)] }));
    expect(plan.ops).toEqual([
      { ...who, op: 'revokeAll' },
      { ...who, op: 'grant', grant: grant(2, null) },
      { ...who, op: 'grant', grant: { ...grant(3, null, '00000'), calendar: '01110', sendOnBehalfOf: true } },
      { ...who, op: 'blockManual' },
    ]);
    expect(plan.grants).toEqual([{ deputyOxId: 2 }, { deputyOxId: 3 }]);
  });

  it('unchanged: no operation, the stored grants kept', () => {
    const plan = planDeputies(input({ values: [value('bob')], row: row([grant(2, 'g2')]) }));
    expect(plan.ops).toEqual([]);
    expect(plan.grants).toEqual([{ deputyOxId: 2, unchanged: grant(2, 'g2') }]);
  });

  it('changed rights: one update under the stored OX id; a removed deputy: one revoke', () => {
    const plan = planDeputies(input({ values: [value('bob', '01111')], row: row([grant(2, 'g2'), grant(3, 'g3')]) }));
    expect(plan.ops).toEqual([
      { ...who, op: 'revoke', deputyOxId: 3, deputyId: 'g3' },
      { ...who, op: 'update', deputyId: 'g2', grant: grant(2, 'g2', '01111') },
    ]);
  });

  it('a removed deputy OX deleted, or a grant OX stored no id for: no call, only the log line', () => {
    const plan = planDeputies(
      input({
        values: [value('bob')],
        row: row([grant(2, 'g2'), grant(3, 'g3'), grant(4, null)]),
        liveDeputies: new Set([2]),
      }),
    );
    expect(plan.ops).toEqual([]);
    expect(plan.log.map((l) => l.message)).toEqual([
      'Revoked deputy permission of user 1 for 3',
      'Revoked deputy permission of user 1 for 4',
    ]);
  });

  it('an emptied list revokes all and unblocks; no stored row: nothing; the row goes either way', () => {
    expect(planDeputies(input({ row: row([grant(2, 'g2')]) }))).toMatchObject({
      ops: [
        { ...who, op: 'revokeAll' },
        { ...who, op: 'unblockManual' },
      ],
      grants: null,
    });
    expect(planDeputies(input({}))).toMatchObject({ ops: [], grants: null });
  });

  it('grants stored for another OX user (re-created, moved) count as none', () => {
    const plan = planDeputies(input({ values: [value('bob')], row: { ...row([grant(2, 'g2')]), oxUserId: 7 } }));
    expect(plan.ops.map((op) => op.op)).toEqual(['revokeAll', 'grant', 'blockManual']);
  });

  it('deputies that wait, are no OX user, are the grantor, in another context or named twice: no grant, said why', () => {
    const plan = planDeputies(
      input({
        values: [value('new'), value('nobox'), value('me'), value('other'), value('bob'), value('bob')],
        parseProblems: ['ignoring malformed deputy permission "x"'],
      }),
    );
    expect(plan.waiting).toEqual(['uid=new,dc=x']);
    expect(plan.ops).toEqual([
      { ...who, op: 'revokeAll' },
      { ...who, op: 'grant', grant: grant(2, null) },
      { ...who, op: 'blockManual' },
    ]);
    expect(plan.log).toEqual([
      {
        level: 'info',
        message: 'Deputy uid=new,dc=x is not provisioned yet; the permission is granted when it arrives',
      },
      { level: 'info', message: 'Deputy uid=nobox,dc=x is no OX user; no permission granted' },
      { level: 'warning', message: 'uid=me,dc=x: ignoring malformed deputy permission "x"' },
      { level: 'warning', message: 'uid=me,dc=x: The deputy permission cannot be granted for the same object.' },
      {
        level: 'warning',
        message:
          'uid=me,dc=x: Deputy permissions can only be granted for users in the same OX context (uid=other,dc=x).',
      },
      {
        level: 'warning',
        message: 'uid=me,dc=x: The permission can only be granted once between the same accounts (uid=bob,dc=x).',
      },
    ]);
  });

  it('a list of only unusable values still revokes everything and blocks, as the original', () => {
    expect(planDeputies(input({ parseProblems: ['ignoring malformed deputy permission "x"'] })).ops).toEqual([
      { ...who, op: 'revokeAll' },
      { ...who, op: 'blockManual' },
    ]);
  });
});
