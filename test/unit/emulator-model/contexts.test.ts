import { describe, expect, it } from 'vitest';
import { ADMIN, CTX, MASTER, adminUser, createContext, expectFault, modelWithContext, newModel } from './helpers.js';

describe('OXContextService', () => {
  it('creates a context with group 1 "users", admin user 2 and the id and name as login mappings', () => {
    const model = newModel();
    const ctx = createContext(model, 10, { loginMappings: ['example.org'] }) as Record<string, unknown>;
    expect(ctx).toMatchObject({
      id: 10,
      name: 'context10',
      enabled: true,
      maxQuota: 1000,
      filestore_name: '10_ctx_store',
    });
    expect(ctx.loginMappings).toEqual(['10', 'context10', 'example.org']);
    expect(model.handle('OXContextService', 'getAdminId', { ctx: CTX, auth: MASTER })).toBe(2);
    const group = model.handle('OXGroupService', 'getDefaultGroup', { ctx: CTX, auth: ADMIN }) as Record<
      string,
      unknown
    >;
    expect(group).toMatchObject({ id: 1, name: 'users', members: [2] });
    const admin = model.handle('OXUserService', 'getData', { ctx: CTX, user: { id: 2 }, auth: ADMIN }) as Record<
      string,
      unknown
    >;
    expect(admin).toMatchObject({ name: 'oxadmin', contextadmin: true });
  });

  it('names a context after its id when no name is given', () => {
    const model = newModel();
    const ctx = model.handle('OXContextService', 'create', {
      ctx: { id: 5, maxQuota: -1 },
      admin_user: adminUser(),
      auth: MASTER,
    });
    expect(ctx).toMatchObject({ id: 5, name: '5', maxQuota: -1 });
  });

  it('refuses a second context with the same id or name, and missing mandatory fields', () => {
    const model = modelWithContext();
    expectFault(() => createContext(model, 10), 'ContextExistsException', 'Context 10 already exists!');
    expectFault(
      () =>
        model.handle('OXContextService', 'create', {
          ctx: { id: 11, maxQuota: 1, name: 'context10' },
          admin_user: adminUser(),
          auth: MASTER,
        }),
      'ContextExistsException',
      'Context context10 already exists!',
    );
    expectFault(
      () => model.handle('OXContextService', 'create', { ctx: { id: 12 }, admin_user: adminUser(), auth: MASTER }),
      'InvalidDataException',
      'Mandatory fields in context not set: [maxQuota]',
    );
    expectFault(
      () =>
        model.handle('OXContextService', 'create', {
          ctx: { id: 12, maxQuota: 1 },
          admin_user: adminUser({ sur_name: '' }),
          auth: MASTER,
        }),
      'InvalidDataException',
      'Mandatory fields in admin user not set: [sur_name]',
    );
    expectFault(
      () =>
        model.handle('OXContextService', 'create', {
          ctx: { id: 0, maxQuota: 1 },
          admin_user: adminUser(),
          auth: MASTER,
        }),
      'InvalidDataException',
      'The context identifier 0 is not allowed!',
    );
    expectFault(
      () =>
        model.handle('OXContextService', 'create', {
          ctx: { id: -3, maxQuota: 1 },
          admin_user: adminUser(),
          auth: MASTER,
        }),
      'InvalidDataException',
      'The context identifier -3 is not allowed!',
    );
  });

  it('refuses a login mapping already used by another context', () => {
    const model = modelWithContext();
    expectFault(
      () => createContext(model, 11, { loginMappings: ['context10'] }),
      'StorageException',
      "Cannot map 'context10' to the newly created context. This mapping is already in use.",
    );
    createContext(model, 11);
    expectFault(
      () => model.handle('OXContextService', 'change', { ctx: { id: 11, loginMappings: ['10'] }, auth: MASTER }),
      'StorageException',
      'A mapping with login info "10" already exists in the system!',
    );
  });

  it('wants the master admin', () => {
    const model = modelWithContext();
    expectFault(
      () => model.handle('OXContextService', 'listAll', { auth: ADMIN }),
      'InvalidCredentialsException',
      'Authentication failed',
    );
    expectFault(
      () => model.handle('OXContextService', 'listAll', {}),
      'InvalidCredentialsException',
      'Authentication failed',
    );
  });

  it('getData by id and name; unknown ones give the texts clients key on', () => {
    const model = modelWithContext();
    expect(model.handle('OXContextService', 'getData', { ctx: { name: 'context10' }, auth: MASTER })).toMatchObject({
      id: 10,
    });
    const byId = expectFault(
      () => model.handle('OXContextService', 'getData', { ctx: { id: 99 }, auth: MASTER }),
      'NoSuchContextException',
    );
    expect(byId.message).toMatch(/^Context 99 does not exist; exceptionId /);
    const byName = expectFault(
      () => model.handle('OXContextService', 'getData', { ctx: { name: 'nope' }, auth: MASTER }),
      'NoSuchContextException',
    );
    expect(byName.message).toMatch(
      /^com\.openexchange\.admin\.rmi\.exceptions\.NoSuchObjectException: No such context nope; exceptionId \S+; exceptionId \S+$/,
    );
    expectFault(
      () => model.handle('OXContextService', 'getData', { ctx: {}, auth: MASTER }),
      'InvalidDataException',
      'One contextobject has no contextid or contextname',
    );
  });

  it('exists answers true/false', () => {
    const model = modelWithContext();
    expect(model.handle('OXContextService', 'exists', { ctx: CTX, auth: MASTER })).toBe(true);
    expect(model.handle('OXContextService', 'exists', { ctx: { id: 11 }, auth: MASTER })).toBe(false);
    expect(model.handle('OXContextService', 'exists', { ctx: { name: 'nope' }, auth: {} })).toBe(false);
  });

  it('change updates only what is sent; delete drops the context', () => {
    const model = modelWithContext();
    model.handle('OXContextService', 'change', { ctx: { id: 10, maxQuota: 2000, enabled: false }, auth: MASTER });
    expect(model.handle('OXContextService', 'getData', { ctx: CTX, auth: MASTER })).toMatchObject({
      name: 'context10',
      maxQuota: 2000,
      enabled: true,
    });
    model.handle('OXContextService', 'change', {
      ctx: { id: 10, name: 'renamed', loginMappings: ['a.example'] },
      auth: MASTER,
    });
    const ctx = model.handle('OXContextService', 'getData', { ctx: CTX, auth: MASTER }) as Record<string, unknown>;
    expect(ctx).toMatchObject({ name: 'renamed', loginMappings: ['10', 'a.example'] });
    model.handle('OXContextService', 'delete', { ctx: CTX, auth: MASTER });
    expect(model.handle('OXContextService', 'listAll', { auth: MASTER })).toEqual([]);
    expectFault(
      () => model.handle('OXContextService', 'delete', { ctx: CTX, auth: MASTER }),
      'NoSuchContextException',
      'Context 10 does not exist',
    );
    // Everything in it went too: its admin can no longer authenticate.
    expectFault(
      () => model.handle('OXUserService', 'listAll', { ctx: CTX, auth: ADMIN }),
      'InvalidCredentialsException',
      'Authentication failed',
    );
  });

  it('list matches name, login mappings and the id with * wildcards', () => {
    const model = modelWithContext();
    createContext(model, 11);
    createContext(model, 20, { name: 'other', loginMappings: ['school.example'] });
    const ids = (pattern: string): number[] =>
      (
        model.handle('OXContextService', 'list', { search_pattern: pattern, auth: MASTER }) as Array<{ id: number }>
      ).map((c) => c.id);
    expect(ids('*')).toEqual([10, 11, 20]);
    expect(ids('context*')).toEqual([10, 11]);
    expect(ids('school*')).toEqual([20]);
    expect(ids('11')).toEqual([11]);
  });

  it('module access per context, disable/enable, quota', () => {
    const model = modelWithContext();
    const access = model.handle('OXContextService', 'getModuleAccess', { ctx: CTX, auth: MASTER }) as Record<
      string,
      boolean
    >;
    expect(access.webmail).toBe(true);
    expect(model.handle('OXContextService', 'getAccessCombinationName', { ctx: CTX, auth: MASTER })).toBe(
      'webmail_plus',
    );
    model.handle('OXContextService', 'changeModuleAccessByName', {
      ctx: CTX,
      access_combination_name: 'all',
      auth: MASTER,
    });
    expect(model.handle('OXContextService', 'getAccessCombinationName', { ctx: CTX, auth: MASTER })).toBe('all');
    model.handle('OXContextService', 'disable', { ctx: CTX, auth: MASTER });
    expect(model.handle('OXContextService', 'getData', { ctx: CTX, auth: MASTER })).toMatchObject({ enabled: false });
    model.handle('OXContextService', 'enable', { ctx: CTX, auth: MASTER });
    expect(model.handle('OXContextService', 'getData', { ctx: CTX, auth: MASTER })).toMatchObject({ enabled: true });
    model.handle('OXContextService', 'changeQuota', { ctx: CTX, module: 'calendar', quotaValue: '100', auth: MASTER });
    expect(model.handle('OXContextService', 'listQuota', { ctx: CTX, auth: MASTER })).toEqual([
      { module: 'calendar', limit: 100 },
    ]);
    expectFault(
      () =>
        model.handle('OXContextService', 'changeQuota', {
          ctx: CTX,
          module: 'calendar',
          quotaValue: 'x',
          auth: MASTER,
        }),
      'InvalidDataException',
      'Quota value is out of range (allowable range is from 0 to 4294967295): x',
    );
  });
});
