import { describe, expect, it } from 'vitest';
import { ADMIN, CTX, createUser, expectFault, modelWithContext } from './helpers.js';

type Model = ReturnType<typeof modelWithContext>;
const grp = (model: Model, op: string, args: Record<string, unknown>): unknown =>
  model.handle('OXGroupService', op, { ctx: CTX, auth: ADMIN, ...args });
const res = (model: Model, op: string, args: Record<string, unknown>): unknown =>
  model.handle('OXResourceService', op, { ctx: CTX, auth: ADMIN, ...args });

describe('OXGroupService', () => {
  it('creates groups with ids from the shared sequence; names unique; members must exist', () => {
    const model = modelWithContext();
    createUser(model, 'anna');
    const g = grp(model, 'create', { grp: { name: 'team', displayname: 'Team', members: [3] } });
    expect(g).toEqual({ id: 4, name: 'team', displayname: 'Team', members: [3] });
    expect(createUser(model, 'bert').id).toBe(5);
    expectFault(
      () => grp(model, 'create', { grp: { name: 'TEAM', displayname: 'x' } }),
      'InvalidDataException',
      'Group already exists!',
    );
    expectFault(
      () => grp(model, 'create', { grp: { name: 'x' } }),
      'InvalidDataException',
      'Mandatory fields not set: [displayname]',
    );
    expectFault(
      () => grp(model, 'create', { grp: { name: 'x', displayname: 'x', members: [99] } }),
      'NoSuchUserException',
      'No such user',
    );
    expectFault(
      () => grp(model, 'create', { grp: { name: 'bad/name', displayname: 'x' } }),
      'InvalidDataException',
      'Illegal chars: "/"',
    );
  });

  it('change replaces members; a change without members empties the group', () => {
    const model = modelWithContext();
    createUser(model, 'anna');
    createUser(model, 'bert');
    grp(model, 'create', { grp: { name: 'team', displayname: 'Team', members: [3] } });
    grp(model, 'change', { grp: { id: 5, name: 'team', displayname: 'Team', members: [3, 4] } });
    expect(grp(model, 'getData', { grp: { id: 5 } })).toMatchObject({ members: [3, 4] });
    grp(model, 'change', { grp: { id: 5, displayname: 'Renamed display' } });
    expect(grp(model, 'getData', { grp: { id: 5 } })).toEqual({
      id: 5,
      name: 'team',
      displayname: 'Renamed display',
      members: [],
    });
    grp(model, 'change', { grp: { id: 5, name: 'crew', members: [4] } });
    expect(grp(model, 'getData', { grp: { name: 'crew' } })).toMatchObject({ id: 5, members: [4] });
    grp(model, 'create', { grp: { name: 'other', displayname: 'Other' } });
    expectFault(
      () => grp(model, 'change', { grp: { id: 5, name: 'other', members: [4] } }),
      'InvalidDataException',
      'Group other already exists in this context',
    );
  });

  it('getData of an unknown group: by name the NoSuchObjectException composite, by id "No such group"', () => {
    const model = modelWithContext();
    const byName = expectFault(() => grp(model, 'getData', { grp: { name: 'nosuch' } }), 'NoSuchGroupException');
    expect(byName.message).toMatch(
      /^com\.openexchange\.admin\.rmi\.exceptions\.NoSuchObjectException: com\.openexchange\.admin\.rmi\.exceptions\.NoSuchGroupException: No such group nosuch in context 10; exceptionId \S+; exceptionId \S+; exceptionId \S+$/,
    );
    expectFault(() => grp(model, 'getData', { grp: { id: 42 } }), 'NoSuchGroupException', 'No such group');
    expectFault(
      () => grp(model, 'getMultipleData', { grps: [{ id: 42 }] }),
      'NoSuchGroupException',
      'No such group 42',
    );
  });

  it('group 1 holds every user, cannot be deleted, and appears in listGroupsForUser', () => {
    const model = modelWithContext();
    createUser(model, 'anna');
    grp(model, 'create', { grp: { name: 'team', displayname: 'Team', members: [3] } });
    expect(grp(model, 'getDefaultGroup', {})).toMatchObject({ id: 1, name: 'users', members: [2, 3] });
    expect((grp(model, 'listGroupsForUser', { usr: { id: 3 } }) as Array<{ id: number }>).map((g) => g.id)).toEqual([
      1, 4,
    ]);
    expectFault(
      () => grp(model, 'delete', { grp: { id: 1 } }),
      'InvalidDataException',
      'Group with id 1 cannot be deleted',
    );
    expectFault(() => grp(model, 'listGroupsForUser', { usr: { id: 77 } }), 'NoSuchUserException', 'No such user');
  });

  it('addMember/removeMember/getMembers, list, delete', () => {
    const model = modelWithContext();
    createUser(model, 'anna');
    createUser(model, 'bert');
    grp(model, 'create', { grp: { name: 'team', displayname: 'Sales Team' } });
    grp(model, 'addMember', { grp: { id: 5 }, members: [{ id: 3 }, { name: 'bert' }] });
    expectFault(
      () => grp(model, 'addMember', { grp: { id: 5 }, members: [{ id: 3 }] }),
      'InvalidDataException',
      'Member already exists in group',
    );
    grp(model, 'removeMember', { grp: { id: 5 }, members: [{ id: 3 }] });
    expect(grp(model, 'getMembers', { grp: { name: 'team' } })).toEqual([
      { contextadmin: false, id: 4, imapPort: 143, imapSchema: 'imap://', smtpPort: 25, smtpSchema: 'smtp://' },
    ]);
    expect((grp(model, 'list', { pattern: '*sales*' }) as Array<{ id: number }>).map((g) => g.id)).toEqual([5]);
    expect((grp(model, 'listAll', {}) as unknown[]).length).toBe(2);
    grp(model, 'delete', { grp: { name: 'team' } });
    expectFault(() => grp(model, 'delete', { grp: { id: 5 } }), 'NoSuchGroupException', 'No such group');
    grp(model, 'create', { grp: { name: 'a', displayname: 'A' } });
    grp(model, 'create', { grp: { name: 'b', displayname: 'B' } });
    grp(model, 'deleteMultiple', { grps: [{ name: 'a' }, { name: 'b' }] });
    expect(grp(model, 'listAll', {})).toEqual([expect.objectContaining({ id: 1 })]);
  });

  it('a 10,000-member group is one cheap change', () => {
    const model = modelWithContext();
    const ids: number[] = [];
    for (let i = 0; i < 10_000; i++) ids.push(createUser(model, `user${i}`).id as number);
    grp(model, 'create', { grp: { name: 'all', displayname: 'All', members: ids } });
    grp(model, 'change', { grp: { id: ids.length + 3, name: 'all', displayname: 'All', members: ids.slice(1) } });
    expect((grp(model, 'getData', { grp: { name: 'all' } }) as { members: number[] }).members.length).toBe(9_999);
    model.handle('OXUserService', 'delete', { ctx: CTX, auth: ADMIN, user: { id: ids[5] } });
    expect((grp(model, 'getData', { grp: { name: 'all' } }) as { members: number[] }).members.length).toBe(9_998);
  });
});

describe('OXResourceService', () => {
  it('create needs name, displayname and email; names and addresses are unique', () => {
    const model = modelWithContext();
    createUser(model, 'anna');
    const r = res(model, 'create', {
      res: { name: 'room1', displayname: 'Room 1', email: 'room1@example.org', description: 'Big' },
    });
    expect(r).toEqual({
      id: 4,
      name: 'room1',
      displayname: 'Room 1',
      email: 'room1@example.org',
      description: 'Big',
      available: true,
    });
    expectFault(
      () => res(model, 'create', { res: { name: 'x', displayname: 'X' } }),
      'InvalidDataException',
      'Mandatory fields not set: [email]',
    );
    expectFault(
      () => res(model, 'create', { res: { name: 'ROOM1', displayname: 'X', email: 'x@example.org' } }),
      'InvalidDataException',
      'Resource ROOM1 already exists in this context',
    );
    expectFault(
      () => res(model, 'create', { res: { name: 'r2', displayname: 'X', email: 'room1@example.org' } }),
      'InvalidDataException',
      'Resource with this email address already exists',
    );
    expectFault(
      () => res(model, 'create', { res: { name: 'r2', displayname: 'X', email: 'anna@example.org' } }),
      'InvalidDataException',
      'Primary mail address "anna@example.org" already exists in context 10 (Already assigned to user 3).',
    );
    expectFault(
      () => res(model, 'create', { res: { name: 'r2', displayname: 'X', email: 'nope' } }),
      'InvalidDataException',
      'Invalid email address',
    );
  });

  it('change applies what is sent; an empty description clears it; delete and lookups', () => {
    const model = modelWithContext();
    res(model, 'create', {
      res: { name: 'room1', displayname: 'Room 1', email: 'room1@example.org', description: 'Big' },
    });
    res(model, 'change', { res: { id: 3, description: '', displayname: 'Room One', email: 'one@example.org' } });
    expect(res(model, 'getData', { res: { name: 'room1' } })).toMatchObject({
      description: '',
      displayname: 'Room One',
      email: 'one@example.org',
    });
    res(model, 'change', { res: { id: 3, description: null } });
    expect(res(model, 'getData', { res: { id: 3 } })).toMatchObject({ description: '' });
    expect((res(model, 'list', { pattern: 'room*' }) as unknown[]).length).toBe(1);
    expect((res(model, 'getMultipleData', { resources: [{ id: 3 }] }) as unknown[]).length).toBe(1);
    const byName = expectFault(() => res(model, 'getData', { res: { name: 'room9' } }), 'NoSuchResourceException');
    expect(byName.message.startsWith('com.openexchange.admin.rmi.exceptions.NoSuchObjectException: ')).toBe(true);
    expectFault(
      () => res(model, 'change', { res: { id: 9 } }),
      'NoSuchResourceException',
      'Resource with this id does not exists',
    );
    res(model, 'delete', { res: { id: 3 } });
    expect(res(model, 'listAll', {})).toEqual([]);
  });
});
