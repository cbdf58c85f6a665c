// The users planner alone: plain objects in, typed operations out; no emulator, database or network.
import { describe, expect, it } from 'vitest';
import { defaultAttributeMapping } from '../../../src/config/attribute-mapping.js';
import { loadSettings } from '../../../src/config/settings.js';
import type { ChangeRecord } from '../../../src/model/change.js';
import type { UdmAttributes } from '../../../src/model/values.js';
import type { LogLine } from '../../../src/provisioning/executor/log-lines.js';
import { PermanentError } from '../../../src/provisioning/types.js';
import {
  membersLeft,
  planUser,
  planUserUpdate,
  type UserOxState,
  type UserPlan,
  type UserPlanInput,
} from '../../../src/provisioning/users/plan.js';

const settings = loadSettings({});
const mapping = defaultAttributeMapping();
const profiles = new Map([
  ['premium', new Set(['webmail', 'calendar', 'contacts'])],
  ['basic', new Set(['webmail'])],
]);
const alice: UdmAttributes = {
  username: 'alice',
  firstname: 'Alice',
  lastname: 'Example',
  mailPrimaryAddress: 'alice@example.org',
  isOxUser: 'OK',
  oxAccess: 'premium',
  oxContext: '10',
  oxDepartment: 'Sales',
};

function change(attributes: UdmAttributes | null): ChangeRecord {
  return { objectId: 'u1', udmType: 'users/user', dn: 'uid=alice,dc=x', attributes } as ChangeRecord;
}

function input(attributes: UdmAttributes | null, prev?: UserOxState, extra: Partial<UserPlanInput> = {}) {
  return {
    change: change(attributes),
    prev,
    mapping,
    settings,
    accessProfile: (name: string) => profiles.get(name),
    contextAdmin: () => 'oxadmin',
    ...extra,
  } satisfies UserPlanInput;
}

function plan(attributes: UdmAttributes | null, prev?: UserOxState, extra: Partial<UserPlanInput> = {}) {
  const notes: LogLine[] = [];
  const result = planUser(input(attributes, prev, extra), notes);
  return { result, notes };
}

function ops(result: UserPlan) {
  if ('read' in result) throw new Error('the plan asked for a read');
  return result;
}

/** The state OX holds after provisioning `attrs` (what the store would have). */
function provisioned(attrs: UdmAttributes, oxId = 5): UserOxState {
  const created = ops(plan(attrs).result);
  if (!created.wanted) throw new Error('no user wanted');
  const { fields, access } = created.wanted;
  return { contextId: Number(attrs.oxContext), oxId, oxName: String(attrs.username), fields, access };
}

describe('users planner', () => {
  it('creates a new user with its rights, the login as display name, and no password', () => {
    const { result } = plan(alice);
    const { ops: steps, requeueGroups } = ops(result);
    expect(steps).toHaveLength(1);
    const [create] = steps;
    if (create?.op !== 'create') throw new Error(`expected a create, got ${create?.op}`);
    expect(create).toMatchObject({ type: 'user', contextId: 10, name: 'alice' });
    expect(create.usrdata).toMatchObject({
      name: 'alice',
      display_name: 'alice',
      department: 'Sales',
      language: settings.language,
      timezone: settings.timezone,
      defaultSenderAddress: 'alice@example.org',
    });
    expect(create.usrdata).not.toHaveProperty('password');
    expect(create.access).toMatchObject({ webmail: true, calendar: true, contacts: true, infostore: false });
    expect(requeueGroups).toBe(true);
  });

  it('unchanged: no operations, the stored state stays', () => {
    const prev = provisioned(alice);
    const { result, notes } = plan(alice, prev);
    expect(ops(result).ops).toEqual([]);
    expect(ops(result).state).toEqual(prev);
    expect(notes).toEqual([]);
  });

  it('a change sends only the differing fields; a cleared field is sent empty', () => {
    const { oxDepartment: _dropped, ...rest } = alice;
    const { result } = plan({ ...rest, firstname: 'Alicia' }, provisioned(alice));
    const [step] = ops(result).ops;
    if (step?.op !== 'change') throw new Error(`expected a change, got ${step?.op}`);
    expect(step).toMatchObject({ contextId: 10, oxId: 5, name: 'alice' });
    expect(step.usrdata).toEqual({ given_name: 'Alicia', department: '' });
    expect(step.moduleAccess).toBeUndefined();
    expect(step.recreate).toMatchObject({ type: 'user', op: 'create', contextId: 10, name: 'alice' });
  });

  it('a new profile changes the module access only', () => {
    const { result } = plan({ ...alice, oxAccess: 'basic' }, provisioned(alice));
    const [step] = ops(result).ops;
    if (step?.op !== 'change') throw new Error(`expected a change, got ${step?.op}`);
    expect(step.usrdata).toBeUndefined();
    expect(step.moduleAccess).toMatchObject({ webmail: true, calendar: false });
    expect(ops(result).state?.access).toEqual(step.moduleAccess);
  });

  it('an unknown profile leaves the rights untouched and says so', () => {
    const { result, notes } = plan({ ...alice, oxAccess: 'gold' });
    const [create] = ops(result).ops;
    expect(create).toMatchObject({ op: 'create', access: null });
    expect(notes).toContainEqual({
      level: 'warning',
      message: "Cannot find access profile 'gold'. Leaving access rights untouched!",
      fields: { object: 'users/user uid=alice,dc=x (id u1)' },
    });
    const prev = provisioned(alice);
    expect(ops(plan({ ...alice, oxAccess: 'gold' }, prev).result).ops).toEqual([]);
  });

  it('a new oxContext moves the user by copy, with a create in case the name is taken there', () => {
    const prev = provisioned(alice);
    const { result } = plan({ ...alice, oxContext: '20' }, prev);
    expect(ops(result).ops).toEqual([
      expect.objectContaining({
        type: 'user',
        op: 'move',
        from: prev,
        contextId: 20,
        name: 'alice',
        ifExists: expect.objectContaining({ op: 'create', contextId: 20, name: 'alice' }),
      }),
    ]);
    expect(ops(result).requeueGroups).toBe(true);
  });

  it('a deleted user, or one no longer an OX user, is deleted; one never provisioned is left alone', () => {
    const prev = provisioned(alice);
    const deleted = plan(null, prev);
    expect(ops(deleted.result)).toMatchObject({ ops: [{ type: 'user', op: 'delete', user: prev }], state: null });
    expect(deleted.notes[0]?.message).toBe('users/user uid=alice,dc=x (id u1) was deleted. Deleting it in OX...');
    const { isOxUser: _off, ...notOx } = alice;
    expect(ops(plan(notOx, prev).result).ops).toEqual([{ type: 'user', op: 'delete', user: prev }]);
    const never = plan(notOx);
    expect(ops(never.result)).toMatchObject({ ops: [], state: null });
    expect(never.notes[0]?.message).toMatch(/is no OX user\. Nothing to do in OX\./);
  });

  it('the context admin is never touched', () => {
    const prev = provisioned(alice);
    const { result, notes } = plan({ ...alice, firstname: 'X' }, prev, { contextAdmin: () => 'alice' });
    expect(ops(result)).toMatchObject({ ops: [], state: prev });
    expect(notes.at(-1)?.message).toBe('Skipping: Not touching alice in context 10: Is context admin!');
  });

  it('a context without credentials parks the user (the planner throws what the lookup throws)', () => {
    const contextAdmin = () => {
      throw new PermanentError('no admin credentials for context 10');
    };
    expect(() => plan(alice, undefined, { contextAdmin })).toThrow(PermanentError);
  });

  it('without oxContext: skipped when new, the old context when provisioned', () => {
    const { oxContext: _none, ...noContext } = alice;
    const fresh = plan(noContext);
    expect(ops(fresh.result)).toMatchObject({ ops: [], state: null });
    expect(fresh.notes[0]?.message).toMatch(/has no oxContext attribute\. No modification/);
    const prev = provisioned(alice);
    const known = plan({ ...noContext, firstname: 'Alicia' }, prev);
    expect(ops(known.result).ops).toEqual([expect.objectContaining({ op: 'change', contextId: 10 })]);
    expect(known.notes[0]?.message).toMatch(/has no oxContext\. that should not be the case\. Using old oxContext/);
  });

  it("a new primary address asks for OX's record first, then keeps the user's own sender among the aliases", () => {
    const prev = provisioned(alice);
    const moved = { ...alice, mailPrimaryAddress: 'a@example.org', mailAlternativeAddress: ['alice@example.org'] };
    expect(plan(moved, prev).result).toEqual({ read: { contextId: 10, oxId: 5 } });
    const current = { id: 5, primaryEmail: 'alice@example.org', defaultSenderAddress: 'alice@example.org' };
    const [step] = ops(plan(moved, prev, { current }).result).ops;
    if (step?.op !== 'change') throw new Error(`expected a change, got ${step?.op}`);
    expect(step.usrdata).toMatchObject({ primaryEmail: 'a@example.org', defaultSenderAddress: 'a@example.org' });
    const ownChoice = { ...current, defaultSenderAddress: 'alice@example.org', primaryEmail: 'old@example.org' };
    const [kept] = ops(plan(moved, prev, { current: ownChoice }).result).ops;
    expect(kept).toMatchObject({ usrdata: { defaultSenderAddress: 'alice@example.org' } });
  });

  it('an adopted user (no fields known) is changed with everything, against the record OX gave', () => {
    const wanted = ops(plan(alice).result).wanted!;
    const adopted: UserOxState = { contextId: 10, oxId: 9, oxName: 'alice', fields: {}, access: null };
    const update = planUserUpdate(adopted, wanted, settings, { id: 9, defaultSenderAddress: 'x@y' }, 'U');
    if ('read' in update) throw new Error('an adopted user comes with its record');
    const [step] = update.ops;
    expect(step).toMatchObject({ op: 'change', oxId: 9, moduleAccess: wanted.access });
    expect(step?.usrdata).toMatchObject({ given_name: 'Alice', defaultSenderAddress: 'alice@example.org' });
  });

  it('a deleted user leaves groups empty: those go too, never group 1', () => {
    const groups = [
      { id: 1, name: 'users', members: [5] },
      { id: 7, name: 'solo', members: [5] },
      { id: 8, name: 'team', members: [5, 6] },
    ];
    expect(membersLeft(groups, 5)).toEqual([
      { id: 7, name: 'solo', left: 0 },
      { id: 8, name: 'team', left: 1 },
    ]);
  });
});
