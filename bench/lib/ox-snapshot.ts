/**
 * What one OX context holds, read back over SOAP and written down without OX's ids, so that two OX servers
 * provisioned with the same workload compare equal however their ids were handed out (the order of creates
 * differs from run to run at any concurrency, and more so when calls fail and are retried). Users, groups (members
 * by login), resources and functional accounts (users by login). Used by `npm run bench -- --fault-rate` and the
 * fault-rate tests: "OX ends equal to a no-fault run" (issue 14 item 6).
 *
 * The server may itself inject transient faults (`--fault-rate`): every read is retried until it answers.
 */
import { OxClient } from '../../src/ox/index.js';

type Obj = Record<string, unknown>;
/** OxClient seen without its schema types: this module reads several services by name. */
type UntypedOx = { call(service: string, operation: string, args: Obj): Promise<unknown> };

export interface SnapshotTarget {
  /** The SOAP base, e.g. http://127.0.0.1:40123/webservices */
  webservicesUrl: string;
  masterAdmin: string;
  masterPassword: string;
  /** Context admin credentials, as the connector keeps them in secrets/contexts.json. */
  contextAdmin: { adminuser: string; adminpass: string };
  contextId: number;
}

export interface OxSnapshot {
  users: Obj[];
  groups: Obj[];
  resources: Obj[];
  accounts: Obj[];
}

/** Members that are ids or follow from them; everything else of an object must be equal. */
const ID_MEMBERS = new Set(['id', 'default_group', 'contextadmin', 'contextId', 'userId']);

async function read<T>(oxClient: OxClient, service: string, operation: string, args: Obj): Promise<T> {
  // Untyped on purpose: this module reads several services by name and types the answers itself.
  const ox = oxClient as unknown as UntypedOx;
  for (let attempt = 1; ; attempt++) {
    try {
      return (await ox.call(service, operation, args)) as T;
    } catch (err) {
      if ((err as { kind?: string }).kind !== 'transient' || attempt >= 50) throw err;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

function list(value: unknown): Obj[] {
  return value === undefined || value === null ? [] : Array.isArray(value) ? (value as Obj[]) : [value as Obj];
}

function withoutIds(o: Obj): Obj {
  const out: Obj = {};
  for (const key of Object.keys(o).sort()) if (!ID_MEMBERS.has(key)) out[key] = o[key];
  return out;
}

const byName = (a: Obj, b: Obj) => String(a.name ?? a.login).localeCompare(String(b.name ?? b.login));

export async function readOxSnapshot(target: SnapshotTarget): Promise<OxSnapshot> {
  const ox = new OxClient({
    baseUrl: target.webservicesUrl,
    credentials: {
      master: () => ({ login: target.masterAdmin, password: target.masterPassword }),
      contextAdmin: () => ({ login: target.contextAdmin.adminuser, password: target.contextAdmin.adminpass }),
    },
  });
  const ctx = { id: target.contextId };
  try {
    const ids = list(await read(ox, 'OXUserService', 'listAll', { ctx }));
    const full =
      ids.length === 0
        ? []
        : list(await read(ox, 'OXUserService', 'getMultipleData', { ctx, users: ids.map((u) => ({ id: u.id })) }));
    const login = new Map(full.map((u) => [u.id as number, u.name as string]));
    const users = full
      .filter((u) => u.id !== 2)
      .map(withoutIds)
      .sort(byName);
    const groups = list(await read(ox, 'OXGroupService', 'listAll', { ctx }))
      .filter((g) => g.id !== 1)
      .map((g) => ({
        ...withoutIds(g),
        members: list(g.members as Obj[] | undefined)
          .map((m) => login.get(m as unknown as number) ?? `unknown id ${String(m)}`)
          .sort(),
      }))
      .sort(byName);
    const resources = list(await read(ox, 'OXResourceService', 'listAll', { ctx }))
      .map(withoutIds)
      .sort(byName);
    const accounts = list(await read(ox, 'OXSecondaryAccountService', 'list', { context: ctx, users: [], groups: [] }))
      .map((a) => ({ ...withoutIds(a), user: login.get(a.userId as number) ?? `unknown id ${String(a.userId)}` }))
      .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    return { users, groups, resources, accounts };
  } finally {
    ox.close();
  }
}

export interface SnapshotDifference {
  equal: boolean;
  /** One line per kind of object that differs, naming the first object that does. */
  lines: string[];
}

export function compareSnapshots(expected: OxSnapshot, actual: OxSnapshot): SnapshotDifference {
  const lines: string[] = [];
  for (const kind of ['users', 'groups', 'resources', 'accounts'] as const) {
    const want = expected[kind].map((o) => JSON.stringify(o));
    const got = actual[kind].map((o) => JSON.stringify(o));
    if (want.length !== got.length) {
      lines.push(`${kind}: ${got.length} instead of ${want.length}`);
      continue;
    }
    const i = want.findIndex((w, n) => w !== got[n]);
    if (i >= 0)
      lines.push(
        `${kind}: first difference at ${String(expected[kind][i].name ?? i)}: ${got[i]} instead of ${want[i]}`,
      );
  }
  return { equal: lines.length === 0, lines };
}

/** Counts of what a snapshot holds, for a report line. */
export function snapshotSize(s: OxSnapshot): string {
  return `${s.users.length} users, ${s.groups.length} groups, ${s.resources.length} resources, ${s.accounts.length} functional accounts`;
}
