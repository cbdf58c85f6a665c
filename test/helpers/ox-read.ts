// Reading OX state back over SOAP for assertions.
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
