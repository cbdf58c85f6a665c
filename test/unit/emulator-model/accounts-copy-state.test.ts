import { describe, expect, it } from 'vitest';
import { OxModel } from '../../../src/emulator/model/index.js';
import { ADMIN, CTX, MASTER, createContext, createUser, expectFault, modelWithContext } from './helpers.js';

type Model = ReturnType<typeof modelWithContext>;
const sa = (model: Model, op: string, args: Record<string, unknown>): unknown =>
  model.handle('OXSecondaryAccountService', op, { context: CTX, auth: ADMIN, ...args });
const FA = {
  name: 'Support',
  primaryAddress: 'support@example.org',
  login: 'fa-support',
  password: 'pw',
  personal: 'Support',
  mailEndpointSource: 'primary',
};

describe('OXSecondaryAccountService', () => {
  it('creates one account per target user, lists them with passwords, refuses duplicates', () => {
    const model = modelWithContext();
    createUser(model, 'anna', { imapServer: 'imap://mail.example.org:993' });
    createUser(model, 'bert');
    sa(model, 'create', { accountDataOnCreate: FA, users: [{ id: 3 }, { id: 4 }], groups: [] });
    const list = sa(model, 'list', {}) as Array<Record<string, unknown>>;
    expect(list).toHaveLength(2);
    expect(list[0]).toMatchObject({
      contextId: 10,
      userId: 3,
      id: 1,
      login: 'fa-support',
      password: 'pw',
      primaryAddress: 'support@example.org',
      mailServer: 'mail.example.org',
      mailPort: 993,
      mailSecure: true,
    });
    expect(list[1]).toMatchObject({ userId: 4, id: 2, mailServer: 'localhost', mailPort: 143 });
    const dup = expectFault(
      () => sa(model, 'create', { accountDataOnCreate: FA, users: [{ id: 3 }] }),
      'StorageException',
    );
    expect(dup.message).toMatch(/duplicate mail account/i);
    expect((sa(model, 'list', { users: [{ id: 4 }] }) as unknown[]).length).toBe(1);
  });

  it('update and delete by primary address; group 0 means all users', () => {
    const model = modelWithContext();
    createUser(model, 'anna');
    createUser(model, 'bert');
    sa(model, 'create', { accountDataOnCreate: FA, groups: [{ id: 0 }] });
    expect((sa(model, 'list', {}) as unknown[]).length).toBe(3);
    expect(
      sa(model, 'update', {
        primaryAddress: 'support@example.org',
        accountDataUpdate: { personal: 'Helpdesk' },
        users: [{ id: 3 }],
      }),
    ).toBe(true);
    expect((sa(model, 'list', { users: [{ id: 3 }] }) as Array<{ personal: string }>)[0].personal).toBe('Helpdesk');
    expect(sa(model, 'delete', { primaryAddress: 'support@example.org', groups: [{ id: 0 }] })).toBe(true);
    expect(sa(model, 'delete', { primaryAddress: 'support@example.org', groups: [{ id: 0 }] })).toBe(false);
    expect(sa(model, 'list', {})).toEqual([]);
  });

  it('reports missing data and unknown targets', () => {
    const model = modelWithContext();
    expectFault(() => sa(model, 'create', { users: [{ id: 2 }] }), 'InvalidDataException', 'Account data is missing.');
    expectFault(
      () => sa(model, 'create', { accountDataOnCreate: FA }),
      'InvalidDataException',
      'Missing users/groups in account data',
    );
    expectFault(
      () => sa(model, 'create', { accountDataOnCreate: { ...FA, primaryAddress: '' }, users: [{ id: 2 }] }),
      'InvalidDataException',
      'Primary address is empty.',
    );
    expectFault(
      () => sa(model, 'create', { accountDataOnCreate: FA, users: [{ id: 9 }] }),
      'NoSuchUserException',
      'No such user 9 in context 10',
    );
    expectFault(
      () => sa(model, 'create', { accountDataOnCreate: { ...FA, mailEndpointSource: undefined }, users: [{ id: 2 }] }),
      'StorageException',
      /^Missing mail end-point data/,
    );
  });
});

describe('OXUserCopyService', () => {
  it('copies a user into another context under a new id; the source stays; a taken login is refused', () => {
    const model = modelWithContext();
    createContext(model, 11);
    createUser(model, 'anna', { department: 'Sales' });
    const copy = model.handle('OXUserCopyService', 'copyUser', {
      user: { id: 3 },
      src: CTX,
      dest: { id: 11 },
      auth: MASTER,
    }) as { id: number };
    expect(copy.id).toBe(3);
    const copied = model.handle('OXUserService', 'getData', {
      ctx: { id: 11 },
      user: { name: 'anna' },
      auth: ADMIN,
    }) as Record<string, unknown>;
    expect(copied).toMatchObject({ id: 3, department: 'Sales', contextadmin: false });
    expect(model.handle('OXUserService', 'exists', { ctx: CTX, user: { id: 3 }, auth: ADMIN })).toBe(true);
    expectFault(
      () =>
        model.handle('OXUserCopyService', 'copyUser', { user: { id: 3 }, src: CTX, dest: { id: 11 }, auth: MASTER }),
      'UserExistsException',
      'User anna already exists in context 11',
    );
    expectFault(
      () => model.handle('OXUserCopyService', 'copyUser', { user: { id: 3 }, src: CTX, dest: { id: 11 }, auth: ADMIN }),
      'InvalidCredentialsException',
    );
    expectFault(
      () =>
        model.handle('OXUserCopyService', 'copyUser', { user: { id: 9 }, src: CTX, dest: { id: 11 }, auth: MASTER }),
      'NoSuchUserException',
      'No such user 9 in context 10',
    );
  });
});

describe('OXUtilService and unknown operations', () => {
  it('answers the listing operations with one default each', () => {
    const model = modelWithContext();
    expect(model.handle('OXUtilService', 'listAllServer', { auth: MASTER })).toEqual([{ id: 1, name: 'oxserver' }]);
    expect(
      (model.handle('OXUtilService', 'listAllDatabase', { auth: MASTER }) as Array<Record<string, unknown>>)[0],
    ).not.toHaveProperty('password');
    expect(
      (model.handle('OXUtilService', 'listAllFilestore', { auth: MASTER }) as Array<Record<string, unknown>>)[0],
    ).toMatchObject({ id: 1, currentContexts: 1 });
    expectFault(
      () => model.handle('OXUtilService', 'listAllServer', { auth: ADMIN }),
      'InvalidCredentialsException',
      'Authentication failed',
    );
  });

  it('rejects unknown services and operations clearly', () => {
    const model = modelWithContext();
    expect(() => model.handle('OXUserService', 'fly', {})).toThrow('Unknown operation "fly" of OXUserService');
    expect(() => model.handle('OXUserService', 'toString', {})).toThrow(
      'Unknown operation "toString" of OXUserService',
    );
    expect(() => model.handle('OXNope', 'x', {})).toThrow(/Unknown service "OXNope"/);
  });
});

describe('toJSON / fromJSON', () => {
  it('round-trips every kind of object with ids, indexes and sequences intact', () => {
    const model = modelWithContext({ uniqueDisplayNames: true });
    createUser(model, 'anna', {
      aliases: ['a@example.org'],
      userAttributes: { entries: [{ key: 'ns', value: { entries: [{ key: 'k', value: 'v' }] } }] },
    });
    model.handle('OXGroupService', 'create', {
      ctx: CTX,
      auth: ADMIN,
      grp: { name: 'team', displayname: 'Team', members: [3] },
    });
    model.handle('OXResourceService', 'create', {
      ctx: CTX,
      auth: ADMIN,
      res: { name: 'room', displayname: 'Room', email: 'room@example.org' },
    });
    model.handle('OXSecondaryAccountService', 'create', {
      context: CTX,
      auth: ADMIN,
      accountDataOnCreate: FA,
      users: [{ id: 3 }],
    });
    model.handle('OXUserService', 'changeByModuleAccessName', {
      ctx: CTX,
      auth: ADMIN,
      user: { id: 3 },
      access_combination_name: 'premium',
    });

    const json = JSON.parse(JSON.stringify(model.toJSON())) as unknown;
    const restored = OxModel.fromJSON(json, {
      masterAdmin: MASTER.login,
      masterPassword: MASTER.password,
      uniqueDisplayNames: true,
    });
    expect(restored.toJSON()).toEqual(model.toJSON());
    const call = (m: OxModel, service: string, op: string, args: Record<string, unknown>): unknown =>
      m.handle(service, op, { ctx: CTX, auth: ADMIN, ...args });
    for (const [service, op, args] of [
      ['OXUserService', 'getData', { user: { name: 'anna' } }],
      ['OXUserService', 'getAccessCombinationName', { user: { id: 3 } }],
      ['OXGroupService', 'listGroupsForUser', { usr: { id: 3 } }],
      ['OXResourceService', 'getData', { res: { name: 'room' } }],
    ] as const) {
      expect(call(restored, service, op, args)).toEqual(call(model, service, op, args));
    }
    expect(restored.handle('OXSecondaryAccountService', 'list', { context: CTX, auth: ADMIN })).toEqual(
      model.handle('OXSecondaryAccountService', 'list', { context: CTX, auth: ADMIN }),
    );
    // Indexes were rebuilt: uniqueness still holds, and the id sequence continues.
    expectFault(
      () =>
        createUser(restored, 'ANNA', {
          display_name: 'Unique',
          primaryEmail: 'x@example.org',
          email1: 'x@example.org',
        }),
      'InvalidDataException',
      'User ANNA already exists in this context',
    );
    expectFault(
      () => createUser(restored, 'bert', { display_name: 'anna Display' }),
      'InvalidDataException',
      'The displayname is already used',
    );
    expect(createUser(restored, 'bert').id).toBe(6);
  });

  it('refuses a file that is not an emulator state', () => {
    expect(() =>
      OxModel.fromJSON({ hello: 1 }, { masterAdmin: 'a', masterPassword: 'b', uniqueDisplayNames: false }),
    ).toThrow(/Not an OX emulator state/);
  });
});
