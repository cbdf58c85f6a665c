// A million users must fit in the emulator (issue 19): stored users keep their plain fields in V8's fast mode and
// share equal module-access and mail-endpoint objects. These assertions fail when a stored user holds its own
// dictionary-mode field table (~1.5 KB) or its own copies of what thousands of users have in common.
import { setFlagsFromString } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { OxModel } from '../../../src/emulator/model/index.js';
import { Registry, type UserRecord } from '../../../src/emulator/model/store.js';
import { oxUserData } from '../../helpers/ox-objects.js';
import { ADMIN, CTX, MASTER, adminUser } from './helpers.js';

setFlagsFromString('--allow-natives-syntax');
// V8's own answer whether an object keeps its properties in fast mode (shared hidden class, one slot per value).
const hasFastProperties = new Function('o', 'return %HasFastProperties(o)') as (o: object) => boolean;

function modelWithUsers(count: number): { model: OxModel; users: () => UserRecord[] } {
  const registry = new Registry();
  const model = new OxModel(
    { masterAdmin: MASTER.login, masterPassword: MASTER.password, uniqueDisplayNames: false },
    registry,
  );
  model.handle('OXContextService', 'create', {
    ctx: { ...CTX, maxQuota: 1000 },
    admin_user: adminUser(),
    auth: MASTER,
  });
  // What the connector sends for a user: about 30 plain members (decision 0335 counts them).
  const many = (i: number) => ({
    language: 'de_DE',
    timezone: 'Europe/Berlin',
    imapServer: 'imap://mail.example.org:143',
    smtpServer: 'smtp://mail.example.org:587',
    imapLogin: `user${i}`,
    telephone_business1: '+49 421 12345',
    cellular_telephone1: '+49 170 1234567',
    street_business: 'Hauptstraße 12',
    city_business: 'Bremen',
    postal_code_business: '28195',
    country_business: 'DE',
    room_number: 'A 1.23',
    company: 'Example',
    position: 'Teacher',
    branches: 'Maths',
    title: 'Dr.',
    nickname: `u${i}`,
  });
  for (let i = 0; i < count; i++) {
    model.handle('OXUserService', 'create', { ctx: CTX, usrdata: oxUserData(`user${i}`, many(i)), auth: ADMIN });
  }
  return { model, users: () => [...registry.contexts.get(CTX.id)!.users.values()].filter((u) => !u.contextAdmin) };
}

describe('stored users are compact', () => {
  it('keeps a created user’s fields in fast mode', () => {
    const { users } = modelWithUsers(1);
    expect(Object.keys(users()[0].fields).length).toBeGreaterThan(20);
    expect(hasFastProperties(users()[0].fields)).toBe(true);
  });

  it('keeps a changed user’s fields in fast mode, with the change applied', () => {
    const { model, users } = modelWithUsers(1);
    model.handle('OXUserService', 'change', {
      ctx: CTX,
      usrdata: { id: users()[0].id, position: 'Head' },
      auth: ADMIN,
    });
    expect(users()[0].fields.position).toBe('Head');
    expect(hasFastProperties(users()[0].fields)).toBe(true);
  });

  it('shares one frozen access object and one pair of endpoints among users with equal ones', () => {
    const [a, b] = modelWithUsers(2).users();
    expect(a.access).toBe(b.access);
    expect(Object.isFrozen(a.access)).toBe(true);
    expect(a.imap).toBe(b.imap);
    expect(a.smtp).toBe(b.smtp);
  });

  it('gives a user whose access changes its own value without touching the others', () => {
    const { model, users } = modelWithUsers(2);
    const [a] = users();
    model.handle('OXUserService', 'changeByModuleAccess', {
      ctx: CTX,
      user: { id: a.id },
      moduleAccess: { ...a.access, webdav: !a.access.webdav },
      auth: ADMIN,
    });
    const [a2, b2] = users();
    expect(a2.access.webdav).not.toBe(b2.access.webdav);
    model.handle('OXUserService', 'changeModuleAccessGlobal', {
      addAccess: { webdav: true },
      removeAccess: {},
      auth: MASTER,
    });
    expect(users().every((u) => u.access.webdav)).toBe(true);
  });
});
