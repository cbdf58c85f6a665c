// Reading OX state back over SOAP for assertions.
import { expect } from 'vitest';
import { RIGHTS_UDM_TO_OX } from '../../src/config/access-profiles.js';
import type { OxClient } from '../../src/ox/index.js';

type Obj = Record<string, unknown>;

export async function contextData(ox: OxClient, id: number): Promise<Obj | undefined> {
  try {
    return (await ox.call('OXContextService', 'getData', { ctx: { id } })) as Obj;
  } catch (err) {
    if ((err as { kind?: string }).kind === 'notFound') return undefined;
    throw err;
  }
}

export async function userByName(ox: OxClient, ctx: number, name: string): Promise<Obj | undefined> {
  try {
    return (await ox.call('OXUserService', 'getData', { ctx: { id: ctx }, user: { name } })) as Obj;
  } catch (err) {
    const kind = (err as { kind?: string }).kind;
    if (kind === 'notFound' || kind === 'invalidCredentials') return undefined;
    throw err;
  }
}

/** All non-admin users of a context with full data. */
export async function usersIn(ox: OxClient, ctx: number): Promise<Obj[]> {
  let list: Obj[];
  try {
    list = (await ox.call('OXUserService', 'listAll', { ctx: { id: ctx } })) as Obj[];
  } catch (err) {
    const kind = (err as { kind?: string }).kind;
    if (kind === 'notFound' || kind === 'invalidCredentials') return [];
    throw err;
  }
  if (!list || list.length === 0) return [];
  const full = (await ox.call('OXUserService', 'getMultipleData', {
    ctx: { id: ctx },
    users: list.map((u) => ({ id: u.id as number })),
  })) as Obj[];
  return full.filter((u) => u.id !== 2);
}

/** The OX id of a user the test expects to exist (an assertion, so a missing user fails with its name). */
export async function oxUserId(ox: OxClient, ctx: number, name: string): Promise<number> {
  const u = await userByName(ox, ctx, name);
  expect(u, `user ${name} in context ${ctx}`).toBeDefined();
  return u!.id as number;
}

/** All groups of a context except OX's group 1. */
export async function groupsIn(ox: OxClient, ctx: number): Promise<Obj[]> {
  const all = (await ox.call('OXGroupService', 'listAll', { ctx: { id: ctx } })) as Obj[] | undefined;
  return (all ?? []).filter((g) => g.id !== 1);
}

export async function groupNamed(ox: OxClient, ctx: number, name: string): Promise<Obj | undefined> {
  return (await groupsIn(ox, ctx)).find((g) => g.name === name);
}

/** A group's member ids, sorted (OX sends one member as a scalar). */
export function members(group: Obj | undefined): number[] {
  const m = group?.members;
  const list = m === null || m === undefined ? [] : Array.isArray(m) ? m : [m];
  return (list as number[]).slice().sort((a, b) => a - b);
}

export async function resourcesIn(ox: OxClient, ctx: number): Promise<Obj[]> {
  return ((await ox.call('OXResourceService', 'listAll', { ctx: { id: ctx } })) as Obj[] | undefined) ?? [];
}

export async function resourceNamed(ox: OxClient, ctx: number, name: string): Promise<Obj | undefined> {
  return (await resourcesIn(ox, ctx)).find((r) => r.name === name);
}

/** Every secondary (functional) account of a context. */
export async function accountsIn(ox: OxClient, ctx: number): Promise<Obj[]> {
  const list = (await ox.call('OXSecondaryAccountService', 'list', {
    context: { id: ctx },
    users: [],
    groups: [],
  })) as Obj[] | undefined;
  return list ?? [];
}

/** The OX rights (module-access names) a user has, sorted; only those an access profile can set. */
export async function rightsOf(ox: OxClient, ctx: number, username: string): Promise<string[]> {
  const access = (await ox.call('OXUserService', 'getModuleAccess', {
    ctx: { id: ctx },
    user: { id: await oxUserId(ox, ctx, username) },
  })) as Obj;
  return Object.values(RIGHTS_UDM_TO_OX)
    .filter((r) => access[r] === true)
    .sort();
}

/** The deputy permissions a user has granted. */
export async function deputiesOf(ox: OxClient, ctx: number, name: string): Promise<Obj[]> {
  const list = (await ox.call('OXDeputyPermissionsService', 'list', {
    context: { id: ctx },
    user: await oxUserId(ox, ctx, name),
  })) as Obj[] | undefined;
  return list ?? [];
}

/** What a crash test expects of one user after the queue drained: its context and city, or null for "gone". */
export type ExpectedUser = { ctx: number; city: string } | null;

/**
 * Asserts that the users of `contexts` are exactly the expected ones — each once, in its context, with its
 * city — and returns them (with `ctx` set) for further checks. Used by the kill -9 tests.
 */
export async function expectUsersExactly(
  ox: OxClient,
  contexts: number[],
  expected: Map<string, ExpectedUser>,
): Promise<Obj[]> {
  const all: Obj[] = [];
  for (const ctx of contexts) all.push(...(await usersIn(ox, ctx)).map((u) => ({ ...u, ctx })));
  const names = all.map((u) => u.name as string);
  expect(new Set(names).size).toBe(names.length); // nothing duplicated
  for (const [name, want] of expected) {
    const got = all.filter((u) => u.name === name);
    if (want === null) {
      expect(got, name).toHaveLength(0);
    } else {
      expect(got, name).toHaveLength(1);
      expect(got[0].ctx, name).toBe(want.ctx);
      expect(got[0].city_business, name).toBe(want.city);
    }
  }
  expect(names.length).toBe([...expected.values()].filter((v) => v !== null).length);
  return all;
}
