/**
 * The end of the soak: OX read back over SOAP, compared with the generator's model field by field.
 *   lost       — in the model, not in OX;
 *   duplicated — an OX object the model does not hold there (a second copy in another context, a leftover of a
 *                rename or delete);
 *   wrong      — in both, but a compared field or a group's member list differs.
 * Users, groups (one OX group per context where the group has members) and resources.
 * The emulator keeps injecting faults while it is read: every read is retried on a transient error.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OxClient } from '../../src/ox/index.js';
import { MASTER_ADMIN, MASTER_PASSWORD } from '../lib/connector-env.js';
import { COMPARED_RESOURCE_FIELDS, COMPARED_USER_FIELDS, type DirectoryModel } from './model.js';

type Obj = Record<string, unknown>;
type UntypedOx = { call(service: string, operation: string, args: Obj): Promise<unknown> };

export interface Comparison {
  lost: string[];
  duplicated: string[];
  wrong: string[];
  oxUsers: number;
  oxGroups: number;
  oxResources: number;
}

async function read(ox: OxClient, service: string, operation: string, args: Obj): Promise<Obj[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      const answer = await (ox as unknown as UntypedOx).call(service, operation, args);
      return answer === undefined || answer === null ? [] : Array.isArray(answer) ? answer : [answer as Obj];
    } catch (err) {
      if ((err as { kind?: string }).kind !== 'transient' || attempt >= 50) throw err;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

export async function compareOxWithModel(
  webservicesUrl: string,
  dataDir: string,
  model: DirectoryModel,
): Promise<Comparison> {
  const secrets = JSON.parse(readFileSync(join(dataDir, 'secrets', 'contexts.json'), 'utf8')) as Record<
    string,
    { adminuser: string; adminpass: string }
  >;
  const ox = new OxClient({
    baseUrl: webservicesUrl,
    credentials: {
      master: () => ({ login: MASTER_ADMIN, password: MASTER_PASSWORD }),
      contextAdmin: (id) => ({ login: secrets[String(id)].adminuser, password: secrets[String(id)].adminpass }),
    },
  });
  const result: Comparison = { lost: [], duplicated: [], wrong: [], oxUsers: 0, oxGroups: 0, oxResources: 0 };
  try {
    for (const [ctxId, want] of model.expected()) {
      const ctx = { id: ctxId };
      const ids = await read(ox, 'OXUserService', 'listAll', { ctx });
      const users = ids.length
        ? await read(ox, 'OXUserService', 'getMultipleData', { ctx, users: ids.map((u) => ({ id: u.id })) })
        : [];
      const loginById = new Map(users.map((u) => [u.id as number, u.name as string]));
      const seen = new Set<string>();
      for (const u of users.filter((u) => u.id !== 2)) {
        const name = String(u.name);
        result.oxUsers++;
        const expected = want.users.get(name);
        if (!expected || seen.has(name)) {
          result.duplicated.push(`user ${name} in context ${ctxId}`);
          continue;
        }
        seen.add(name);
        for (const field of COMPARED_USER_FIELDS)
          if ((u[field] ?? '') !== expected[field])
            result.wrong.push(
              `user ${name} in context ${ctxId}: ${field} is ${JSON.stringify(u[field])}, expected ${JSON.stringify(expected[field])}`,
            );
      }
      for (const name of want.users.keys()) if (!seen.has(name)) result.lost.push(`user ${name} in context ${ctxId}`);

      const groups = (await read(ox, 'OXGroupService', 'listAll', { ctx })).filter((g) => g.id !== 1);
      const seenGroups = new Set<string>();
      for (const g of groups) {
        const name = String(g.name);
        result.oxGroups++;
        const expected = want.groups.get(name);
        if (!expected || seenGroups.has(name)) {
          result.duplicated.push(`group ${name} in context ${ctxId}`);
          continue;
        }
        seenGroups.add(name);
        const raw = g.members;
        const members = (raw === undefined || raw === null ? [] : Array.isArray(raw) ? raw : [raw])
          .map((id) => loginById.get(id as number) ?? `unknown id ${String(id)}`)
          .sort();
        if (JSON.stringify(members) !== JSON.stringify(expected))
          result.wrong.push(
            `group ${name} in context ${ctxId}: members ${members.join(',')}, expected ${expected.join(',')}`,
          );
      }
      for (const name of want.groups.keys())
        if (!seenGroups.has(name)) result.lost.push(`group ${name} in context ${ctxId}`);

      const seenResources = new Set<string>();
      for (const r of await read(ox, 'OXResourceService', 'listAll', { ctx })) {
        const name = String(r.name);
        result.oxResources++;
        const expected = want.resources.get(name);
        if (!expected || seenResources.has(name)) {
          result.duplicated.push(`resource ${name} in context ${ctxId}`);
          continue;
        }
        seenResources.add(name);
        for (const field of COMPARED_RESOURCE_FIELDS)
          if ((r[field] ?? '') !== expected[field])
            result.wrong.push(
              `resource ${name} in context ${ctxId}: ${field} is ${JSON.stringify(r[field])}, expected ${JSON.stringify(expected[field])}`,
            );
      }
      for (const name of want.resources.keys())
        if (!seenResources.has(name)) result.lost.push(`resource ${name} in context ${ctxId}`);
    }
  } finally {
    ox.close();
  }
  return result;
}
