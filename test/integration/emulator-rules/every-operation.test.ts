// Every operation of every OX service, over real HTTP through the project's client against a started
// emulator: each call must encode, decode and answer the way OX does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/index.js';
import { OX_SERVICES, OxClient, OxError } from '../../../src/ox/index.js';
import { oxFailure, oxUserData } from '../../helpers/ox-objects.js';

const MASTER = { login: 'oxadminmaster', password: 'master-pw' };
const ADMIN = { login: 'oxadmin', password: 'admin-pw' };
const CTX = { id: 10 };

let emulator: RunningEmulator;
let client: OxClient;
const called = new Set<string>();

async function call(service: string, operation: string, args: Record<string, unknown>): Promise<unknown> {
  called.add(`${service}.${operation}`);
  return client.call(service as never, operation as never, args as never);
}

const fails = (service: string, operation: string, args: Record<string, unknown>): Promise<OxError> =>
  oxFailure(call(service, operation, args));

const adminUser = { ...oxUserData('oxadmin'), password: ADMIN.password };

beforeAll(async () => {
  emulator = await startEmulator({ masterAdmin: MASTER.login, masterPassword: MASTER.password });
  client = new OxClient({ baseUrl: emulator.url, timeoutMs: 10_000 });
});

afterAll(async () => {
  client?.close();
  await emulator?.close();
});

describe('every operation over HTTP', () => {
  it('OXContextService', async () => {
    const S = 'OXContextService';
    const auth = MASTER;
    const created = (await call(S, 'create', {
      ctx: { id: 10, maxQuota: 1000, name: 'context10', loginMappings: ['ten.example'] },
      admin_user: adminUser,
      auth,
    })) as Record<string, unknown>;
    expect(created).toMatchObject({
      id: 10,
      name: 'context10',
      enabled: true,
      loginMappings: ['10', 'context10', 'ten.example'],
      filestore_name: '10_ctx_store',
    });
    await call(S, 'createModuleAccess', {
      ctx: { id: 11, maxQuota: -1 },
      admin_user: adminUser,
      access: { webmail: true, calendar: false },
      auth,
    });
    await call(S, 'createModuleAccessByName', {
      ctx: { id: 12, maxQuota: 5 },
      admin_user: adminUser,
      access_combination_name: 'all',
      auth,
    });
    expect(await call(S, 'exists', { ctx: CTX, auth })).toBe(true);
    expect(await call(S, 'existsInServer', { ctx: { id: 99 }, auth })).toBe(false);
    expect(await call(S, 'getData', { ctx: { name: 'context10' }, auth })).toMatchObject({ id: 10, maxQuota: 1000 });
    await call(S, 'change', { ctx: { id: 12, name: 'twelve', maxQuota: 50, loginMappings: ['twelve.example'] }, auth });
    expect(await call(S, 'getData', { ctx: { id: 12 }, auth })).toMatchObject({
      name: 'twelve',
      maxQuota: 50,
      loginMappings: ['12', 'twelve.example'],
    });
    expect(await call(S, 'getAdminId', { ctx: CTX, auth })).toBe(2);
    expect(await call(S, 'getAccessCombinationName', { ctx: { id: 12 }, auth })).toBe('all');
    expect(await call(S, 'getModuleAccess', { ctx: { id: 11 }, auth })).toMatchObject({
      webmail: true,
      calendar: false,
    });
    await call(S, 'changeModuleAccess', { ctx: { id: 11 }, access: { calendar: true }, auth });
    await call(S, 'changeModuleAccessByName', { ctx: { id: 11 }, access_combination_name: 'webmail', auth });
    expect(await call(S, 'getAccessCombinationName', { ctx: { id: 11 }, auth })).toBe('webmail');
    await call(S, 'changeCapabilities', { ctx: CTX, capsToAdd: 'a,b', capsToRemove: '', capsToDrop: '', auth });
    expect(await call(S, 'getContextCapabilities', { ctx: CTX, auth })).toBe('a,b');
    await call(S, 'changeQuota', { ctx: CTX, module: 'calendar', quotaValue: '10', auth });
    expect(await call(S, 'listQuota', { ctx: CTX, auth })).toEqual([{ module: 'calendar', limit: 10 }]);
    expect(((await call(S, 'list', { search_pattern: 'context*', auth })) as unknown[]).length).toBe(1);
    expect(((await call(S, 'listAll', { auth })) as unknown[]).length).toBe(3);
    expect(
      ((await call(S, 'listPage', { search_pattern: '*', offset: '1', length: '1', auth })) as Array<{ id: number }>)[0]
        .id,
    ).toBe(11);
    expect(((await call(S, 'listPageAll', { offset: '0', length: '2', auth })) as unknown[]).length).toBe(2);
    expect(((await call(S, 'listByDatabase', { db: { id: 4 }, auth })) as unknown[]).length).toBe(3);
    expect(
      ((await call(S, 'listPageByDatabase', { db: { id: 4 }, offset: '0', length: '10', auth })) as unknown[]).length,
    ).toBe(3);
    expect(((await call(S, 'listByFilestore', { fs: { id: 1 }, auth })) as unknown[]).length).toBe(3);
    expect(
      ((await call(S, 'listPageByFilestore', { fs: { id: 1 }, offset: '0', length: '10', auth })) as unknown[]).length,
    ).toBe(3);
    await call(S, 'disable', { ctx: { id: 11 }, auth });
    expect(await call(S, 'getData', { ctx: { id: 11 }, auth })).toMatchObject({ enabled: false });
    await call(S, 'enable', { ctx: { id: 11 }, auth });
    await call(S, 'disableAll', { auth });
    await call(S, 'enableAll', { auth });
    await call(S, 'downgrade', { ctx: CTX, auth });
    expect(typeof (await call(S, 'moveContextDatabase', { ctx: CTX, dst_database_id: { id: 4 }, auth }))).toBe(
      'number',
    );
    expect(typeof (await call(S, 'moveContextFilestore', { ctx: CTX, dst_filestore_id: { id: 1 }, auth }))).toBe(
      'number',
    );
    await call(S, 'delete', { ctx: { id: 12 }, auth });

    const notFound = await fails(S, 'getData', { ctx: { id: 12 }, auth });
    expect(notFound.kind).toBe('notFound');
    expect(notFound.faultString).toMatch(/^Context 12 does not exist; exceptionId -?\d+-\d+$/);
    const exists = await fails(S, 'create', { ctx: { id: 10, maxQuota: 1 }, admin_user: adminUser, auth });
    expect(exists.kind).toBe('alreadyExists');
    const creds = await fails(S, 'listAll', { auth: { login: MASTER.login, password: 'wrong' } });
    expect(creds.kind).toBe('invalidCredentials');
    expect(creds.faultString).toMatch(/^Authentication failed; exceptionId/);
    const invalid = await fails(S, 'create', { ctx: { id: 13 }, admin_user: adminUser, auth });
    expect(invalid.kind).toBe('invalidData');
  });

  it('OXUserService', async () => {
    const S = 'OXUserService';
    const auth = ADMIN;
    const anna = (await call(S, 'create', {
      ctx: CTX,
      usrdata: oxUserData('anna', { aliases: ['anna.a@example.org'], imapServer: 'imap://mail.example.org:143' }),
      auth,
    })) as Record<string, unknown>;
    expect(anna).toMatchObject({
      id: 3,
      password: 'secret',
      imapServer: 'mail.example.org',
      imapServerString: 'imap://mail.example.org:143',
    });
    expect(anna.aliases).toEqual(['anna.a@example.org', 'anna@example.org']);
    await call(S, 'createByModuleAccess', { ctx: CTX, usrdata: oxUserData('bert'), access: { webmail: true }, auth });
    await call(S, 'createByModuleAccessName', {
      ctx: CTX,
      usrdata: oxUserData('carl'),
      access_combination_name: 'premium',
      auth,
    });
    await call(S, 'change', {
      ctx: CTX,
      usrdata: { id: 3, department: 'Sales', display_name: '<Tom & "Jerry">' },
      auth,
    });
    await call(S, 'change', { ctx: CTX, usrdata: { id: 3, department: '' }, auth });
    const data = (await call(S, 'getData', { ctx: CTX, user: { name: 'anna' }, auth })) as Record<string, unknown>;
    expect(data).toMatchObject({ id: 3, department: '', display_name: '<Tom & "Jerry">' });
    expect(data.password ?? null).toBeNull();
    expect(
      ((await call(S, 'getMultipleData', { ctx: CTX, users: [{ id: 3 }, { id: 4 }], auth })) as unknown[]).length,
    ).toBe(2);
    expect(await call(S, 'exists', { ctx: CTX, user: { name: 'anna' }, auth })).toBe(true);
    expect(((await call(S, 'list', { ctx: CTX, search_pattern: '*', auth })) as unknown[]).length).toBe(4);
    expect(((await call(S, 'listAll', { ctx: CTX, auth })) as unknown[]).length).toBe(4);
    expect(
      ((await call(S, 'listCaseInsensitive', { ctx: CTX, search_pattern: 'ANNA', auth })) as unknown[]).length,
    ).toBe(1);
    expect(
      ((await call(S, 'listByAliasDomain', { ctx: CTX, alias_domain: 'example.org', auth })) as unknown[]).length,
    ).toBe(4);
    expect(await call(S, 'getContextAdmin', { ctx: CTX, auth })).toMatchObject({ id: 2, contextadmin: true });
    await call(S, 'changeByModuleAccess', {
      ctx: CTX,
      user: { id: 3 },
      moduleAccess: { webmail: true, calendar: false },
      auth,
    });
    expect(await call(S, 'getModuleAccess', { ctx: CTX, user: { id: 3 }, auth })).toMatchObject({
      webmail: true,
      calendar: false,
    });
    await call(S, 'changeByModuleAccessName', { ctx: CTX, user: { id: 3 }, access_combination_name: 'pim', auth });
    expect(await call(S, 'getAccessCombinationName', { ctx: CTX, user: { id: 3 }, auth })).toBe('pim');
    await call(S, 'changeModuleAccessGlobal', {
      filter: '',
      addAccess: { infostore: true },
      removeAccess: {},
      auth: MASTER,
    });
    expect(await call(S, 'getModuleAccess', { ctx: CTX, user: { id: 3 }, auth })).toMatchObject({ infostore: true });
    await call(S, 'changeCapabilities', {
      ctx: CTX,
      user: { id: 3 },
      capsToAdd: 'x',
      capsToRemove: '',
      capsToDrop: '',
      auth,
    });
    expect(await call(S, 'getUserCapabilities', { ctx: CTX, user: { id: 3 }, auth })).toBe('x');
    await call(S, 'changeMailAddressPersonal', { ctx: CTX, user: { id: 3 }, personal: 'Anna', auth });
    expect(
      typeof (await call(S, 'moveUserFilestore', { ctx: CTX, user: { id: 4 }, dst_filestore_id: { id: 1 }, auth })),
    ).toBe('number');
    expect(
      typeof (await call(S, 'moveFromContextToUserFilestore', {
        ctx: CTX,
        user: { id: 4 },
        dst_filestore_id: { id: 1 },
        max_quota: 100,
        auth,
      })),
    ).toBe('number');
    expect(
      typeof (await call(S, 'moveFromMasterToUserFilestore', {
        ctx: CTX,
        user: { id: 4 },
        masterUser: { id: 2 },
        dst_filestore_id: { id: 1 },
        max_quota: 100,
        auth,
      })),
    ).toBe('number');
    expect(
      typeof (await call(S, 'moveFromUserFilestoreToMaster', {
        ctx: CTX,
        user: { id: 4 },
        masterUser: { id: 2 },
        auth,
      })),
    ).toBe('number');
    expect(typeof (await call(S, 'moveFromUserToContextFilestore', { ctx: CTX, user: { id: 4 }, auth }))).toBe(
      'number',
    );
    await call(S, 'delete', { ctx: CTX, user: { id: 5 }, auth });
    await call(S, 'deleteMultiple', { ctx: CTX, users: [{ name: 'bert' }], auth });
    expect(await call(S, 'exists', { ctx: CTX, user: { id: 4 }, auth })).toBe(false);

    const noSuch = await fails(S, 'getData', { ctx: CTX, user: { name: 'bob' }, auth });
    expect(noSuch.kind).toBe('notFound');
    expect(noSuch.exceptionName).toBe('NoSuchUserException');
    expect(noSuch.faultString).toMatch(/^No such user bob in context 10; exceptionId -?\d+-\d+$/);
    const changeMissing = await fails(S, 'change', { ctx: CTX, usrdata: { id: 77, display_name: 'x' }, auth });
    expect(changeMissing.kind).toBe('notFound');
    expect(changeMissing.faultString?.startsWith('No such ')).toBe(true);
    const dupLogin = await fails(S, 'create', {
      ctx: CTX,
      usrdata: oxUserData('anna', { primaryEmail: 'x@example.org', email1: 'x@example.org' }),
      auth,
    });
    expect(dupLogin.kind).toBe('alreadyExists');
    expect(dupLogin.faultString).toMatch(/^User anna already exists in this context; exceptionId/);
    const mandatory = await fails(S, 'create', { ctx: CTX, usrdata: { name: 'dora' }, auth });
    expect(mandatory.kind).toBe('invalidData');
    expect(mandatory.faultString).toMatch(
      /^Mandatory fields not set: \[display_name, password, given_name, sur_name, primaryEmail, email1\]/,
    );
    const creds = await fails(S, 'listAll', { ctx: CTX, auth: { login: 'oxadmin', password: 'nope' } });
    expect(creds.kind).toBe('invalidCredentials');
  });

  it('OXGroupService', async () => {
    const S = 'OXGroupService';
    const auth = ADMIN;
    await call('OXUserService', 'create', { ctx: CTX, usrdata: oxUserData('gina'), auth });
    const ginaId = (
      (await call('OXUserService', 'getData', { ctx: CTX, user: { name: 'gina' }, auth })) as { id: number }
    ).id;
    const g = (await call(S, 'create', {
      ctx: CTX,
      grp: { name: 'team', displayname: 'Team', members: [3, ginaId] },
      auth,
    })) as { id: number };
    await call(S, 'change', { ctx: CTX, grp: { id: g.id, name: 'team', displayname: 'Team', members: [3] }, auth });
    expect(await call(S, 'getData', { ctx: CTX, grp: { name: 'team' }, auth })).toMatchObject({
      id: g.id,
      members: [3],
    });
    await call(S, 'change', { ctx: CTX, grp: { id: g.id, displayname: 'Team B' }, auth });
    expect(
      (await call(S, 'getData', { ctx: CTX, grp: { id: g.id }, auth })) as { members?: number[] },
    ).not.toHaveProperty('members.0');
    await call(S, 'addMember', { ctx: CTX, grp: { id: g.id }, members: [{ id: ginaId }], auth });
    expect(await call(S, 'getMembers', { ctx: CTX, grp: { id: g.id }, auth })).toEqual([
      expect.objectContaining({ id: ginaId }),
    ]);
    await call(S, 'removeMember', { ctx: CTX, grp: { id: g.id }, members: [{ id: ginaId }], auth });
    expect(
      ((await call(S, 'getMultipleData', { ctx: CTX, grps: [{ id: 1 }, { id: g.id }], auth })) as unknown[]).length,
    ).toBe(2);
    expect(((await call(S, 'list', { ctx: CTX, pattern: 'team', auth })) as unknown[]).length).toBe(1);
    expect(((await call(S, 'listAll', { ctx: CTX, auth })) as unknown[]).length).toBe(2);
    expect(
      ((await call(S, 'listGroupsForUser', { ctx: CTX, usr: { id: ginaId }, auth })) as Array<{ id: number }>).map(
        (x) => x.id,
      ),
    ).toEqual([1]);
    expect(await call(S, 'getDefaultGroup', { ctx: CTX, auth })).toMatchObject({ id: 1, name: 'users' });
    const second = (await call(S, 'create', { ctx: CTX, grp: { name: 'second', displayname: 'Second' }, auth })) as {
      id: number;
    };
    await call(S, 'delete', { ctx: CTX, grp: { id: g.id }, auth });
    await call(S, 'deleteMultiple', { ctx: CTX, grps: [{ id: second.id }], auth });

    const nosuch = await fails(S, 'getData', { ctx: CTX, grp: { name: 'nosuch' }, auth });
    expect(nosuch.kind).toBe('notFound');
    expect(nosuch.faultString).toMatch(
      /^com\.openexchange\.admin\.rmi\.exceptions\.NoSuchObjectException: com\.openexchange\.admin\.rmi\.exceptions\.NoSuchGroupException: No such group nosuch in context 10; exceptionId \S+; exceptionId \S+; exceptionId \S+$/,
    );
    await call(S, 'create', { ctx: CTX, grp: { name: 'dup', displayname: 'Dup' }, auth });
    expect((await fails(S, 'create', { ctx: CTX, grp: { name: 'dup', displayname: 'Dup' }, auth })).kind).toBe(
      'alreadyExists',
    );
    expect((await fails(S, 'delete', { ctx: CTX, grp: { id: 1 }, auth })).kind).toBe('invalidData');
    expect(
      (await fails(S, 'create', { ctx: CTX, grp: { name: 'x', displayname: 'x', members: [999] }, auth })).kind,
    ).toBe('notFound');
  });

  it('OXResourceService', async () => {
    const S = 'OXResourceService';
    const auth = ADMIN;
    const r = (await call(S, 'create', {
      ctx: CTX,
      res: { name: 'room', displayname: 'Room', email: 'room@example.org', description: 'Big' },
      auth,
    })) as { id: number };
    await call(S, 'change', { ctx: CTX, res: { id: r.id, description: '' }, auth });
    expect(await call(S, 'getData', { ctx: CTX, res: { name: 'room' }, auth })).toMatchObject({
      id: r.id,
      description: '',
      available: true,
    });
    expect(
      ((await call(S, 'getMultipleData', { ctx: CTX, resources: [{ id: r.id }], auth })) as unknown[]).length,
    ).toBe(1);
    expect(((await call(S, 'list', { ctx: CTX, pattern: 'ro*', auth })) as unknown[]).length).toBe(1);
    expect(((await call(S, 'listAll', { ctx: CTX, auth })) as unknown[]).length).toBe(1);
    expect(
      (await fails(S, 'create', { ctx: CTX, res: { name: 'room', displayname: 'R', email: 'r2@example.org' }, auth }))
        .kind,
    ).toBe('alreadyExists');
    await call(S, 'delete', { ctx: CTX, res: { id: r.id }, auth });
    const gone = await fails(S, 'getData', { ctx: CTX, res: { name: 'room' }, auth });
    expect(gone.kind).toBe('notFound');
    expect(gone.faultString?.startsWith('com.openexchange.admin.rmi.exceptions.NoSuchObjectException')).toBe(true);
  });

  it('OXSecondaryAccountService', async () => {
    const S = 'OXSecondaryAccountService';
    const auth = ADMIN;
    const data = {
      name: 'Support',
      primaryAddress: 'support@example.org',
      login: 'fa',
      password: 'fa-pw',
      personal: 'Support',
      mailEndpointSource: 'primary',
    };
    await call(S, 'create', { accountDataOnCreate: data, context: CTX, users: [{ id: 3 }], groups: [], auth });
    const list = (await call(S, 'list', { context: CTX, auth })) as Array<Record<string, unknown>>;
    expect(list).toEqual([
      expect.objectContaining({
        contextId: 10,
        userId: 3,
        login: 'fa',
        password: 'fa-pw',
        primaryAddress: 'support@example.org',
      }),
    ]);
    expect(
      await call(S, 'update', {
        primaryAddress: 'support@example.org',
        accountDataUpdate: { personal: 'Help' },
        context: CTX,
        users: [{ id: 3 }],
        auth,
      }),
    ).toBe(true);
    const dup = await fails(S, 'create', { accountDataOnCreate: data, context: CTX, users: [{ id: 3 }], auth });
    expect(dup.kind).toBe('invalidData');
    expect(
      await call(S, 'delete', { primaryAddress: 'support@example.org', context: CTX, groups: [{ id: 0 }], auth }),
    ).toBe(true);
    expect(await call(S, 'list', { context: CTX, auth })).toEqual([]);
  });

  it('OXUserCopyService', async () => {
    const copy = (await call('OXUserCopyService', 'copyUser', {
      user: { id: 3 },
      src: CTX,
      dest: { id: 11 },
      auth: MASTER,
    })) as { id: number };
    expect(copy.id).toBe(3);
    expect(
      await call('OXUserService', 'getData', { ctx: { id: 11 }, user: { id: copy.id }, auth: ADMIN }),
    ).toMatchObject({ name: 'anna' });
    const again = await fails('OXUserCopyService', 'copyUser', {
      user: { id: 3 },
      src: CTX,
      dest: { id: 11 },
      auth: MASTER,
    });
    expect(again.kind).toBe('alreadyExists');
    expect(again.exceptionName).toBe('UserExistsException');
  });

  it('OXUtilService', async () => {
    const S = 'OXUtilService';
    const auth = MASTER;
    expect(await call(S, 'listAllServer', { auth })).toEqual([{ id: 1, name: 'oxserver' }]);
    expect(((await call(S, 'listServer', { search_pattern: '*', auth })) as unknown[]).length).toBe(1);
    const srv = (await call(S, 'registerServer', { srv: { name: 'second' }, auth })) as { id: number };
    await call(S, 'unregisterServer', { serv: { id: srv.id }, auth });
    expect(((await call(S, 'listAllDatabase', { auth })) as unknown[]).length).toBe(1);
    expect(((await call(S, 'listDatabase', { search_pattern: 'ox*', auth })) as unknown[]).length).toBe(1);
    const db = (await call(S, 'registerDatabase', {
      db: { name: 'db2', password: 'x' },
      createSchemas: false,
      optNumberOfSchemas: 0,
      auth,
    })) as Record<string, unknown>;
    expect(db.password ?? null).toBeNull();
    await call(S, 'changeDatabase', { db: { id: db.id, maxUnits: 5 }, auth });
    await call(S, 'unregisterDatabase', { dbhandle: { id: db.id }, auth });
    expect(await call(S, 'createSchema', { auth, optDBId: 4 })).toMatchObject({ id: 4 });
    await call(S, 'checkDatabase', { auth });
    expect(await call(S, 'unblockDatabase', { db: { id: 4 }, auth })).toEqual([]);
    await call(S, 'checkCountsConsistency', { checkDatabaseCounts: true, checkFilestoreCounts: true, auth });
    expect(((await call(S, 'listAllFilestore', { auth })) as unknown[]).length).toBe(1);
    expect(((await call(S, 'listFilestore', { search_pattern: '*', auth })) as unknown[]).length).toBe(1);
    const fs = (await call(S, 'registerFilestore', { fstore: { url: 'file:/tmp/fs2', size: 10 }, auth })) as {
      id: number;
    };
    await call(S, 'changeFilestore', { fstore: { id: fs.id, size: 20 }, auth });
    await call(S, 'unregisterFilestore', { store: { id: fs.id }, auth });
    const reason = (await call(S, 'createMaintenanceReason', { reason: { text: 'upgrade' }, auth })) as { id: number };
    expect(((await call(S, 'listAllMaintenanceReason', { auth })) as unknown[]).length).toBe(1);
    expect(((await call(S, 'listMaintenanceReason', { search_pattern: 'up*', auth })) as unknown[]).length).toBe(1);
    await call(S, 'deleteMaintenanceReason', { reasons: [{ id: reason.id }], auth });
    expect((await fails(S, 'listAllServer', { auth: ADMIN })).kind).toBe('invalidCredentials');
  });

  it('OXDeputyPermissionsService', async () => {
    const S = 'OXDeputyPermissionsService';
    const auth = ADMIN;
    const viewer = {
      moduleId: 'mail',
      admin: false,
      folderPermission: 2,
      readPermission: 4,
      writePermission: 0,
      deletePermission: 0,
    };
    const deputyId = (await call(S, 'grant', {
      context: CTX,
      user: 3,
      deputyPermission: { userId: 2, sendOnBehalfOf: true, modulePermissions: [viewer] },
      auth,
    })) as string;
    expect(typeof deputyId).toBe('string');
    expect(await call(S, 'get', { context: CTX, user: 3, deputyId, auth })).toMatchObject({
      deputyId,
      userId: 2,
      sendOnBehalfOf: true,
      modulePermissions: [viewer],
    });
    await call(S, 'update', {
      context: CTX,
      user: 3,
      deputyId,
      deputyPermission: { userId: 2, sendOnBehalfOf: false, modulePermissions: [viewer] },
      auth,
    });
    expect(await call(S, 'list', { context: CTX, user: 3, auth })).toMatchObject([{ deputyId, sendOnBehalfOf: false }]);
    await call(S, 'blockManual', { context: CTX, user: 3, auth });
    await call(S, 'unblockManual', { context: CTX, user: 3, auth });
    await call(S, 'revoke', { context: CTX, user: 3, deputyId, auth });
    expect(await call(S, 'list', { context: CTX, user: 3, auth })).toEqual([]);
    await call(S, 'revokeAll', { context: CTX, user: 3, auth });
    expect((await fails(S, 'list', { context: CTX, user: 999, auth })).kind).toBe('notFound');
  });

  it('called every operation of every service', () => {
    const all = Object.entries(OX_SERVICES).flatMap(([service, def]) =>
      Object.keys(def.operations).map((op) => `${service}.${op}`),
    );
    expect(all.filter((op) => !called.has(op))).toEqual([]);
  });
});
