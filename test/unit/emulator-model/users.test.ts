import { describe, expect, it } from 'vitest';
import { oxUserData } from '../../helpers/ox-objects.js';
import { ADMIN, CTX, createUser, expectFault, modelWithContext } from './helpers.js';

const call = (model: ReturnType<typeof modelWithContext>, op: string, args: Record<string, unknown>): unknown =>
  model.handle('OXUserService', op, { ctx: CTX, auth: ADMIN, ...args });
const get = (model: ReturnType<typeof modelWithContext>, user: Record<string, unknown>): Record<string, unknown> =>
  call(model, 'getData', { user }) as Record<string, unknown>;

describe('OXUserService create', () => {
  it('allocates ids after group 1 and admin 2, echoes the password, fills OX defaults and adds primaryEmail to the aliases', () => {
    const model = modelWithContext();
    const anna = createUser(model, 'anna', {
      imapServer: 'imap://mail.example.org:143',
      smtpServer: 'smtp://mail.example.org:587',
      language: 'de_DE',
    });
    expect(anna).toMatchObject({
      id: 3,
      name: 'anna',
      password: 'secret',
      passwordMech: '{SHA-256}',
      aliases: ['anna@example.org'],
      defaultSenderAddress: 'anna@example.org',
      contextadmin: false,
      mailenabled: true,
      imapServer: 'mail.example.org',
      imapPort: 143,
      imapSchema: 'imap://',
      imapServerString: 'imap://mail.example.org:143',
      smtpServer: 'mail.example.org',
      smtpPort: 587,
      smtpServerString: 'smtp://mail.example.org:587',
      language: 'de_DE',
      timezone: 'Europe/Berlin',
    });
    expect(createUser(model, 'bert').id).toBe(4);
    const data = get(model, { id: 3 });
    expect(data.password).toBeUndefined();
    expect(data.userAttributes).toEqual({
      entries: [
        { key: 'config', value: { entries: [{ key: 'com.openexchange.mail.specialuse.check', value: 'true' }] } },
      ],
    });
    const defaults = createUser(model, 'carl');
    expect(defaults).toMatchObject({
      imapServerString: 'imap://localhost:143',
      smtpServerString: 'smtp://localhost:25',
      language: 'en_US',
    });
  });

  it('switches to the SSL scheme for ports 993/465', () => {
    const model = modelWithContext();
    const u = createUser(model, 'anna', {
      imapServer: 'mail.example.org',
      imapPort: 993,
      smtpServer: 'mail.example.org:465',
    });
    expect(u).toMatchObject({
      imapServerString: 'imaps://mail.example.org:993',
      imapSchema: 'imaps://',
      smtpSchema: 'smtps://',
    });
  });

  it('lists the missing mandatory fields in OX order', () => {
    const model = modelWithContext();
    expectFault(
      () =>
        call(model, 'create', {
          usrdata: { name: 'x', password: 'p', primaryEmail: 'x@example.org', email1: 'x@example.org' },
        }),
      'InvalidDataException',
      'Mandatory fields not set: [display_name, given_name, sur_name]',
    );
    expectFault(
      () => call(model, 'create', { usrdata: oxUserData('x', { password: '' }) }),
      'InvalidDataException',
      'Empty password is not allowed.',
    );
    expectFault(
      () => call(model, 'create', { usrdata: oxUserData('x', { password: undefined }) }),
      'InvalidDataException',
      'Mandatory fields not set: [password]',
    );
  });

  it('requires primaryEmail = email1 and valid addresses, language and time zone', () => {
    const model = modelWithContext();
    expectFault(
      () => call(model, 'create', { usrdata: oxUserData('x', { email1: 'other@example.org' }) }),
      'InvalidDataException',
      'primarymail must have the same value as email1',
    );
    expectFault(
      () => call(model, 'create', { usrdata: oxUserData('x', { email2: 'not an address' }) }),
      'InvalidDataException',
      'Invalid email address: not an address',
    );
    expectFault(
      () => call(model, 'create', { usrdata: oxUserData('x', { language: 'german' }) }),
      'InvalidDataException',
      'language must contain an underscore, e.g. en_US',
    );
    expectFault(
      () => call(model, 'create', { usrdata: oxUserData('x', { timezone: 'Mars/Base' }) }),
      'InvalidDataException',
      'The given timezone is invalid',
    );
    expectFault(
      () => call(model, 'create', { usrdata: oxUserData('x y') }),
      'InvalidDataException',
      'Illegal chars: " "',
    );
  });

  it('keeps login names and primary addresses unique, but not aliases', () => {
    const model = modelWithContext();
    createUser(model, 'anna', { aliases: ['shared@example.org'] });
    expectFault(
      () => createUser(model, 'ANNA', { primaryEmail: 'a2@example.org', email1: 'a2@example.org' }),
      'InvalidDataException',
      'User ANNA already exists in this context',
    );
    expectFault(
      () => createUser(model, 'bert', { primaryEmail: 'anna@example.org', email1: 'anna@example.org' }),
      'InvalidDataException',
      'Primary mail address "anna@example.org" already exists in context 10 (Already assigned to user 3).',
    );
    const bert = createUser(model, 'bert', { aliases: ['shared@example.org'] });
    expect(bert.aliases).toEqual(['shared@example.org', 'bert@example.org']);
  });

  it('allows duplicate display names unless uniqueDisplayNames is on', () => {
    const lenient = modelWithContext();
    createUser(lenient, 'anna', { display_name: 'Same' });
    expect(createUser(lenient, 'bert', { display_name: 'Same' }).id).toBe(4);

    const strict = modelWithContext({ uniqueDisplayNames: true });
    createUser(strict, 'anna', { display_name: 'Same' });
    expectFault(
      () => createUser(strict, 'bert', { display_name: 'Same' }),
      'InvalidDataException',
      'The displayname is already used',
    );
    createUser(strict, 'bert', { display_name: 'Other' });
    expectFault(
      () => call(strict, 'change', { usrdata: { id: 4, display_name: 'Same' } }),
      'InvalidDataException',
      'The displayname is already used',
    );
    call(strict, 'change', { usrdata: { id: 3, display_name: 'Same' } });
  });

  it('module access: create copies the admin, createByModuleAccess(Name) set it', () => {
    const model = modelWithContext();
    createUser(model, 'anna');
    expect(call(model, 'getAccessCombinationName', { user: { id: 3 } })).toBe('webmail_plus');
    const viaName = call(model, 'createByModuleAccessName', {
      usrdata: oxUserData('bert'),
      access_combination_name: 'premium',
    }) as { id: number };
    expect(call(model, 'getAccessCombinationName', { user: { id: viaName.id } })).toBe('premium');
    const viaAccess = call(model, 'createByModuleAccess', {
      usrdata: oxUserData('carl'),
      access: { calendar: false },
    }) as { id: number };
    const access = call(model, 'getModuleAccess', { user: { id: viaAccess.id } }) as Record<string, boolean>;
    expect(access).toMatchObject({
      calendar: false,
      webmail: true,
      deniedPortal: false,
      globalAddressBookDisabled: false,
    });
    expectFault(
      () => call(model, 'createByModuleAccessName', { usrdata: oxUserData('dora'), access_combination_name: 'gold' }),
      'InvalidDataException',
      'No such access combination name "gold"',
    );
  });
});

describe('OXUserService change', () => {
  it('changes only what is sent; nil and absent keep, empty string clears', () => {
    const model = modelWithContext();
    createUser(model, 'anna', { department: 'Sales', company: 'ACME', email2: 'a2@example.org' });
    call(model, 'change', { usrdata: { id: 3, department: '', company: null, email2: '', given_name: 'Anne' } });
    const u = get(model, { id: 3 });
    expect(u).toMatchObject({
      department: '',
      company: 'ACME',
      email2: '',
      given_name: 'Anne',
      sur_name: 'anna',
      display_name: 'anna Display',
    });
  });

  it('replaces the alias set when aliases are sent and checks that it holds the addresses', () => {
    const model = modelWithContext();
    createUser(model, 'anna', { aliases: ['x@example.org', 'y@example.org'] });
    call(model, 'change', { usrdata: { id: 3, aliases: ['anna@example.org', 'z@example.org', ''] } });
    expect(get(model, { id: 3 }).aliases).toEqual(['anna@example.org', 'z@example.org']);
    call(model, 'change', { usrdata: { id: 3, display_name: 'no aliases sent' } });
    expect(get(model, { id: 3 }).aliases).toEqual(['anna@example.org', 'z@example.org']);
    expectFault(
      () => call(model, 'change', { usrdata: { id: 3, aliases: ['z@example.org'] } }),
      'InvalidDataException',
      'primaryMail, Email1 and defaultSenderAddress must be present in set of aliases.',
    );
    expect(get(model, { id: 3 }).aliases).toEqual(['anna@example.org', 'z@example.org']);
  });

  it('changes the primary address with email1 and the aliases; the address rules hold', () => {
    const model = modelWithContext();
    createUser(model, 'anna');
    createUser(model, 'bert');
    call(model, 'change', {
      usrdata: {
        id: 3,
        primaryEmail: 'new@example.org',
        email1: 'new@example.org',
        defaultSenderAddress: 'new@example.org',
        aliases: ['new@example.org', 'anna@example.org'],
      },
    });
    expect(get(model, { id: 3 })).toMatchObject({
      primaryEmail: 'new@example.org',
      email1: 'new@example.org',
      defaultSenderAddress: 'new@example.org',
    });
    expectFault(
      () => call(model, 'change', { usrdata: { id: 3, primaryEmail: 'new@example.org' } }),
      'InvalidDataException',
      'email1 not sent but required!',
    );
    expectFault(
      () => call(model, 'change', { usrdata: { id: 3, primaryEmail: 'new@example.org', email1: 'other@example.org' } }),
      'InvalidDataException',
      'email1 not equal with primarymail!',
    );
    expectFault(
      () =>
        call(model, 'change', {
          usrdata: {
            id: 3,
            primaryEmail: 'bert@example.org',
            email1: 'bert@example.org',
            aliases: ['bert@example.org', 'new@example.org'],
          },
        }),
      'InvalidDataException',
      /^primaryMail, Email1 and defaultSenderAddress must be present|^Primary mail address "bert@example.org" already exists in context 10/,
    );
    expectFault(
      () =>
        call(model, 'change', {
          usrdata: {
            id: 3,
            primaryEmail: 'bert@example.org',
            email1: 'bert@example.org',
            defaultSenderAddress: 'bert@example.org',
            aliases: ['bert@example.org'],
          },
        }),
      'InvalidDataException',
      'Primary mail address "bert@example.org" already exists in context 10 (Already assigned to user 4).',
    );
  });

  it('renames the login (allowed by default) keeping the id; refuses taken names and, when disabled, any rename', () => {
    const model = modelWithContext();
    createUser(model, 'anna');
    createUser(model, 'bert');
    call(model, 'change', { usrdata: { id: 3, name: 'anna2' } });
    expect(get(model, { name: 'anna2' }).id).toBe(3);
    expectFault(() => get(model, { name: 'anna' }), 'NoSuchUserException', 'No such user anna in context 10');
    expectFault(
      () => call(model, 'change', { usrdata: { id: 3, name: 'bert' } }),
      'InvalidDataException',
      'User bert already exists in this context',
    );

    const fixed = modelWithContext({ allowLoginNameChange: false });
    createUser(fixed, 'anna');
    expectFault(
      () => fixed.handle('OXUserService', 'change', { ctx: CTX, auth: ADMIN, usrdata: { id: 3, name: 'other' } }),
      'InvalidDataException',
      'Changing username is disabled!',
    );
  });

  it('unknown users: by id "No such user <id> in context <cid>", by name the NoSuchObjectException composite', () => {
    const model = modelWithContext();
    const byId = expectFault(
      () => call(model, 'change', { usrdata: { id: 77, display_name: 'x' } }),
      'NoSuchUserException',
      'No such user 77 in context 10',
    );
    expect(byId.message.startsWith('No such ')).toBe(true);
    const byName = expectFault(() => call(model, 'change', { usrdata: { name: 'ghost' } }), 'NoSuchUserException');
    expect(byName.message).toMatch(
      /^com\.openexchange\.admin\.rmi\.exceptions\.NoSuchObjectException: com\.openexchange\.admin\.rmi\.exceptions\.NoSuchUserException: No such user ghost in context 10; exceptionId \S+; exceptionId \S+; exceptionId \S+$/,
    );
    expectFault(
      () => model.handle('OXUserService', 'change', { ctx: { id: 99 }, auth: ADMIN, usrdata: { id: 3 } }),
      'NoSuchContextException',
      'The context 99 does not exist!',
    );
  });

  it('validates language on change, merges userAttributes and deletes entries sent with nil', () => {
    const model = modelWithContext();
    createUser(model, 'anna');
    expectFault(
      () => call(model, 'change', { usrdata: { id: 3, language: 'en' } }),
      'InvalidDataException',
      'Language must contain an underscore, e.g. en_US.',
    );
    call(model, 'change', {
      usrdata: {
        id: 3,
        userAttributes: {
          entries: [
            {
              key: 'custom',
              value: {
                entries: [
                  { key: 'k', value: 'v' },
                  { key: 'k2', value: 'v2' },
                ],
              },
            },
          ],
        },
      },
    });
    call(model, 'change', {
      usrdata: {
        id: 3,
        userAttributes: { entries: [{ key: 'custom', value: { entries: [{ key: 'k', value: null }] } }] },
      },
    });
    const attrs = get(model, { id: 3 }).userAttributes as {
      entries: Array<{ key: string; value: { entries: unknown[] } }>;
    };
    expect(attrs.entries.find((e) => e.key === 'custom')?.value.entries).toEqual([{ key: 'k2', value: 'v2' }]);
  });

  it('a refused change leaves the user untouched', () => {
    const model = modelWithContext();
    createUser(model, 'anna');
    expectFault(
      () => call(model, 'change', { usrdata: { id: 3, department: 'X', timezone: 'Nowhere/Land' } }),
      'InvalidDataException',
      'The given timezone is invalid',
    );
    expect(get(model, { id: 3 }).department).toBeUndefined();
  });

  it('lets a normal user change himself only', () => {
    const model = modelWithContext();
    createUser(model, 'anna');
    createUser(model, 'bert');
    const anna = { login: 'anna', password: 'secret' };
    model.handle('OXUserService', 'change', { ctx: CTX, auth: anna, usrdata: { id: 3, department: 'Self' } });
    expectFault(
      () => model.handle('OXUserService', 'change', { ctx: CTX, auth: anna, usrdata: { id: 4, department: 'X' } }),
      'InvalidCredentialsException',
      'Permission denied',
    );
    expectFault(
      () => model.handle('OXUserService', 'listAll', { ctx: CTX, auth: anna }),
      'InvalidCredentialsException',
      'Authentication failed',
    );
  });
});

describe('OXUserService delete, lookups and lists', () => {
  it('deletes users, removing them from groups and their secondary accounts; refuses the admin', () => {
    const model = modelWithContext();
    createUser(model, 'anna');
    createUser(model, 'bert');
    model.handle('OXGroupService', 'create', {
      ctx: CTX,
      auth: ADMIN,
      grp: { name: 'team', displayname: 'Team', members: [3, 4] },
    });
    model.handle('OXSecondaryAccountService', 'create', {
      context: CTX,
      auth: ADMIN,
      accountDataOnCreate: { name: 'FA', primaryAddress: 'fa@example.org', login: 'fa', mailEndpointSource: 'primary' },
      users: [{ id: 3 }],
    });
    call(model, 'delete', { user: { id: 3, name: 'anna' } });
    expect(call(model, 'exists', { user: { name: 'anna' } })).toBe(false);
    const team = model.handle('OXGroupService', 'getData', { ctx: CTX, auth: ADMIN, grp: { name: 'team' } }) as {
      members: number[];
    };
    expect(team.members).toEqual([4]);
    expect(model.handle('OXSecondaryAccountService', 'list', { context: CTX, auth: ADMIN })).toEqual([]);
    expectFault(() => call(model, 'delete', { user: { id: 2 } }), 'InvalidDataException', 'Admin delete not supported');
    expectFault(
      () => call(model, 'delete', { user: { id: 3 } }),
      'NoSuchUserException',
      'No such user(s) 3 in context 10',
    );
    expectFault(
      () => call(model, 'deleteMultiple', { users: [{ id: 4 }, { id: 4 }] }),
      'InvalidDataException',
      'User 4 is contained multiple times in delete request.',
    );
    expectFault(() => call(model, 'deleteMultiple', { users: [] }), 'InvalidDataException', 'User array is empty');
    call(model, 'deleteMultiple', { users: [{ name: 'bert' }] });
    expect(call(model, 'listAll', {})).toEqual([expect.objectContaining({ id: 2 })]);
  });

  it('ids are not reused after a delete', () => {
    const model = modelWithContext();
    createUser(model, 'anna');
    call(model, 'delete', { user: { id: 3 } });
    expect(createUser(model, 'anna').id).toBe(4);
  });

  it('exists by id, name or display name; getData by name fails with the "No such" text', () => {
    const model = modelWithContext();
    createUser(model, 'anna');
    expect(call(model, 'exists', { user: { id: 3 } })).toBe(true);
    expect(call(model, 'exists', { user: { name: 'anna' } })).toBe(true);
    expect(call(model, 'exists', { user: { display_name: 'anna Display' } })).toBe(true);
    expect(call(model, 'exists', { user: { name: 'bob' } })).toBe(false);
    expectFault(
      () => call(model, 'exists', { user: {} }),
      'InvalidDataException',
      'Neither identifier, name nor display name set in given user object',
    );
    const f = expectFault(() => get(model, { name: 'bob' }), 'NoSuchUserException', 'No such user bob in context 10');
    expect(f.message).toMatch(/^No such user bob in context 10; exceptionId -?\d+-\d+$/);
    expectFault(() => get(model, {}), 'InvalidDataException', 'Username and userid missing.');
    expectFault(
      () => model.handle('OXUserService', 'getData', { ctx: { id: 99 }, auth: ADMIN, user: { id: 3 } }),
      'NoSuchContextException',
      'Context 99 does not exist',
    );
    const many = call(model, 'getMultipleData', { users: [{ id: 2 }, { name: 'anna' }] }) as Array<{ name: string }>;
    expect(many.map((u) => u.name)).toEqual(['oxadmin', 'anna']);
  });

  it('list returns only ids, matches login or display name with * and _, and pages', () => {
    const model = modelWithContext();
    createUser(model, 'anna', { display_name: 'Anna Alster' });
    createUser(model, 'anton');
    createUser(model, 'bert', { display_name: 'Bert Anders' });
    const ids = (op: string, pattern: string, extra: Record<string, unknown> = {}): number[] =>
      (call(model, op, { search_pattern: pattern, ...extra }) as Array<{ id: number }>).map((u) => u.id);
    expect(ids('list', 'an*')).toEqual([3, 4]);
    expect(ids('list', '*Anders')).toEqual([5]);
    expect(ids('list', 'ant_n')).toEqual([4]);
    expect(ids('list', 'An*')).toEqual([3]);
    expect(ids('list', 'AN*')).toEqual([]);
    expect(ids('listCaseInsensitive', 'AN*')).toEqual([3, 4]);
    expect(ids('list', '*', { offset: 1, length: 2 })).toEqual([3, 4]);
    const [first] = call(model, 'listAll', {}) as Array<Record<string, unknown>>;
    expect(first).toEqual({
      contextadmin: false,
      id: 2,
      imapPort: 143,
      imapSchema: 'imap://',
      smtpPort: 25,
      smtpSchema: 'smtp://',
      convert_drive_user_folders: false,
    });
    expect(call(model, 'listAll', { exclude_users: true, include_guests: true })).toEqual([]);
    expect((call(model, 'listByAliasDomain', { alias_domain: 'example.org' }) as unknown[]).length).toBe(4);
  });

  it('changeByModuleAccess replaces the whole permission set', () => {
    const model = modelWithContext();
    createUser(model, 'anna');
    call(model, 'changeByModuleAccess', { user: { id: 3 }, moduleAccess: { webmail: true, contacts: false } });
    const access = call(model, 'getModuleAccess', { user: { id: 3 } }) as Record<string, boolean>;
    expect(access).toMatchObject({ webmail: true, contacts: false, calendar: true, publicFolderEditable: false });
    call(model, 'changeByModuleAccessName', { user: { name: 'anna' }, access_combination_name: 'webmail' });
    expect(call(model, 'getAccessCombinationName', { user: { id: 3 } })).toBe('webmail');
  });

  it('authentication: wrong password and unknown context both say "Authentication failed"', () => {
    const model = modelWithContext();
    expectFault(
      () => model.handle('OXUserService', 'listAll', { ctx: CTX, auth: { login: 'oxadmin', password: 'wrong' } }),
      'InvalidCredentialsException',
      'Authentication failed',
    );
    expectFault(
      () => model.handle('OXUserService', 'listAll', { ctx: { id: 99 }, auth: ADMIN }),
      'InvalidCredentialsException',
      'Authentication failed',
    );
    expectFault(
      () => model.handle('OXUserService', 'listAll', { auth: ADMIN }),
      'InvalidCredentialsException',
      'Client sent invalid context data object',
    );
  });
});
