// Shared setup for the issue-4 end-to-end scenarios: one emulator per test file, fresh data dir and unique
// contexts per test, OX state read back over SOAP.
import { expect } from 'vitest';
import type { RunningEmulator } from '../../../src/emulator/index.js';
import type { OxClient } from '../../../src/ox/index.js';
import { contextDn, contextObject, E2E } from '../../helpers/e2e.js';

export type Obj = Record<string, unknown>;

export const BASE = 'dc=example,dc=org';
export const groupDn = (name: string) => `cn=${name},cn=groups,${BASE}`;

export async function ok(t: E2E): Promise<string> {
  const r = await t.run();
  expect(r.stderr).toBe('');
  expect(r.stdout).toMatch(/processed=\d+ failed=0 left=0/);
  expect(r.code).toBe(0);
  return r.stdout;
}

/** A fresh data dir with `count` new contexts (the first is DEFAULT_CONTEXT). */
export async function setupContexts(
  emu: RunningEmulator,
  firstId: number,
  count: number,
  env: Record<string, string> = {},
): Promise<{ t: E2E; ids: number[]; ox: OxClient }> {
  const ids = Array.from({ length: count }, (_, i) => firstId + i);
  const t = new E2E(emu, { DEFAULT_CONTEXT: String(ids[0]), ...env });
  for (const id of ids) t.queue(`ctx-${id}`, 'oxmail/oxcontext', contextDn(id), contextObject(id));
  await ok(t);
  return { t, ids, ox: t.client() };
}

export function udmGroup(name: string, users: string[], extra: Obj = {}): Obj {
  return { name, users, isOxGroup: 'OK', description: '', nestedGroup: [], ...extra };
}

/** All groups of a context except OX's group 1. */
export async function groupsIn(ox: OxClient, ctx: number): Promise<Obj[]> {
  const all = (await ox.call('OXGroupService', 'listAll', { ctx: { id: ctx } })) as Obj[] | undefined;
  return (all ?? []).filter((g) => g.id !== 1);
}

export async function groupNamed(ox: OxClient, ctx: number, name: string): Promise<Obj | undefined> {
  return (await groupsIn(ox, ctx)).find((g) => g.name === name);
}

export function members(group: Obj | undefined): number[] {
  const m = group?.members;
  const list = m === null || m === undefined ? [] : Array.isArray(m) ? m : [m];
  return (list as number[]).slice().sort((a, b) => a - b);
}
