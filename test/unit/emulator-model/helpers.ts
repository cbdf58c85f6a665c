// Shared setup for the emulator-model unit tests: a model with one context (10) and its admin.
import { expect } from 'vitest';
import { OxFault, OxModel, baseMessage, type OxModelOptions } from '../../../src/emulator/model/index.js';
import { oxUserData } from '../../helpers/ox-objects.js';

export const MASTER = { login: 'oxadminmaster', password: 'master-secret' };
export const ADMIN = { login: 'oxadmin', password: 'admin-secret' };
export const CTX = { id: 10 };

export function newModel(extra: Partial<OxModelOptions> = {}): OxModel {
  return new OxModel({
    masterAdmin: MASTER.login,
    masterPassword: MASTER.password,
    uniqueDisplayNames: false,
    ...extra,
  });
}

export function adminUser(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: ADMIN.login,
    password: ADMIN.password,
    display_name: 'Context Admin',
    given_name: 'Context',
    sur_name: 'Admin',
    primaryEmail: 'oxadmin@example.org',
    email1: 'oxadmin@example.org',
    ...overrides,
  };
}

export function createContext(model: OxModel, id = CTX.id, extra: Record<string, unknown> = {}): unknown {
  return model.handle('OXContextService', 'create', {
    ctx: { id, maxQuota: 1000, name: `context${id}`, ...extra },
    admin_user: adminUser(),
    auth: MASTER,
  });
}

export function modelWithContext(extra: Partial<OxModelOptions> = {}): OxModel {
  const model = newModel(extra);
  createContext(model);
  return model;
}

export function createUser(
  model: OxModel,
  name: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return model.handle('OXUserService', 'create', {
    ctx: CTX,
    usrdata: oxUserData(name, overrides),
    auth: ADMIN,
  }) as Record<string, unknown>;
}

/** Runs `fn`, expects an OxFault, and returns it for more assertions. */
export function expectFault(fn: () => unknown, exceptionName: string, base?: string | RegExp): OxFault {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught, 'expected an OxFault').toBeInstanceOf(OxFault);
  const f = caught as OxFault;
  expect(f.exceptionName).toBe(exceptionName);
  expect(f.message).toMatch(/; exceptionId -?\d+-\d+$/);
  if (typeof base === 'string') expect(baseMessage(f.message)).toBe(base);
  else if (base) expect(baseMessage(f.message)).toMatch(base);
  return f;
}
