// OXGroupService (docs/reference/ox-soap-contract.md, docs/reference/ox-groups.md). Group 1 ("users") holds every user
// of the context and cannot be deleted. A `change` replaces the member list — and one without <members> empties the
// group, as in OX.
import { authenticateContext } from './auth.js';
import type { ModelEnv, ServiceTable } from './env.js';
import { fault, invalidData, noSuchObjectByName } from './faults.js';
import { USERS_GROUP_ID, type ContextStore, type GroupRecord, type UserRecord } from './store.js';
import { userIdOnlyToWireReduced } from './user-records.js';
import { checkGroupOrResourceNameChars } from './user-values.js';
import type { Group } from '../../ox/types.js';
import { asList, asObject, asObjectList, idOf, likeMatcher, nonEmpty, str, type Obj } from './values.js';

export function groupToWire(group: GroupRecord): Group {
  return { displayname: group.displayname, id: group.id, members: [...group.members], name: group.name };
}

function resolveGroup(context: ContextStore, grpArg: unknown, detailedNotFound = false): GroupRecord {
  const grp = asObject(grpArg);
  const id = idOf(grp);
  if (id !== undefined) {
    const group = context.groups.get(id);
    if (!group) throw fault('NoSuchGroupException', detailedNotFound ? `No such group ${id}` : 'No such group');
    return group;
  }
  const name = nonEmpty(grp, 'name');
  if (name === undefined) throw invalidData('One groupobject has no groupid or groupname');
  const group = context.groupByName(name);
  if (group) return group;
  if (detailedNotFound) throw fault('NoSuchGroupException', `No such group ${name}`);
  throw noSuchObjectByName('NoSuchGroupException', `No such group ${name} in context ${context.id}`);
}

/** Member ids from Group.members (ints); every one must be an existing user. */
function memberIds(context: ContextStore, value: unknown): number[] {
  const ids: number[] = [];
  for (const item of asList(value) ?? []) {
    if (item === null || item === undefined) continue;
    const id = typeof item === 'number' ? item : Number(item);
    if (!context.users.has(id)) throw fault('NoSuchUserException', 'No such user');
    ids.push(id);
  }
  return ids;
}

/** Members given as User elements (addMember/removeMember): by id, or by name. */
function memberUsers(context: ContextStore, value: unknown): UserRecord[] {
  return asObjectList(value).map((u) => {
    const id = idOf(u);
    const user = id !== undefined ? context.users.get(id) : context.userByName(nonEmpty(u, 'name') ?? '');
    if (!user) throw fault('NoSuchUserException', 'No such user');
    return user;
  });
}

function checkGroupName(name: string): void {
  if (name.trim() === '') throw invalidData('Invalid group name');
  checkGroupOrResourceNameChars(name);
}

/** The request members every operation of the service shares: the context and its admin's credentials. */
interface ContextArgs {
  ctx?: unknown;
  auth?: unknown;
}

const withContext =
  <A extends ContextArgs, R>(handler: (context: ContextStore, args: A, env: ModelEnv) => R) =>
  (env: ModelEnv, args: A): R =>
    handler(authenticateContext(env.options, env.registry, args.ctx, args.auth).context, args, env);

function deleteGroups(context: ContextStore, grps: Obj[]): void {
  const groups = grps.map((g) => resolveGroup(context, g));
  for (const group of groups) if (group.id === USERS_GROUP_ID) throw invalidData('Group with id 1 cannot be deleted');
  for (const group of groups) context.removeGroup(group);
}

function listGroups(context: ContextStore, pattern: string | undefined): Group[] {
  const matches = likeMatcher(pattern, true);
  const result: Group[] = [];
  for (const group of context.groups.values())
    if (matches(group.name) || matches(group.displayname)) result.push(groupToWire(group));
  return result;
}

export const groupService: ServiceTable<'OXGroupService'> = {
  create: withContext((context, args) => {
    const grp: Group = asObject(args.grp) ?? {};
    const missing = (['name', 'displayname'] as const).filter((key) => nonEmpty(grp, key) === undefined);
    if (missing.length > 0) throw invalidData(`Mandatory fields not set: [${missing.join(', ')}]`);
    const name = str(grp, 'name') as string;
    checkGroupName(name);
    if (context.groupByName(name)) throw invalidData('Group already exists!');
    const members = memberIds(context, grp.members);
    const group: GroupRecord = {
      id: context.nextPrincipalId(),
      name,
      displayname: str(grp, 'displayname') as string,
      members: new Set(members),
    };
    context.addGroup(group);
    return groupToWire(group);
  }),

  change: withContext((context, args) => {
    const grp: Group = asObject(args.grp) ?? {};
    const group = resolveGroup(context, grp);
    const newName = idOf(grp) !== undefined ? nonEmpty(grp, 'name') : undefined;
    if (newName !== undefined && newName !== group.name) {
      checkGroupName(newName);
      const other = context.groupByName(newName);
      if (other && other !== group) throw invalidData(`Group ${newName} already exists in this context`);
    }
    // The SOAP bean hands OX an empty member list when no <members> was sent: the group is emptied.
    const members = memberIds(context, grp.members);
    if (newName !== undefined && newName !== group.name) context.renameGroup(group, newName);
    const displayname = str(grp, 'displayname');
    if (displayname !== undefined && displayname !== '') group.displayname = displayname;
    context.replaceMembers(group, members);
    return undefined;
  }),

  delete: withContext((context, args) => {
    deleteGroups(context, [asObject(args.grp) ?? {}]);
    return undefined;
  }),
  deleteMultiple: withContext((context, args) => {
    deleteGroups(context, asObjectList(args.grps));
    return undefined;
  }),

  getData: withContext((context, args) => groupToWire(resolveGroup(context, args.grp))),
  getMultipleData: withContext((context, args) =>
    asObjectList(args.grps).map((g) => groupToWire(resolveGroup(context, g, true))),
  ),
  getDefaultGroup: withContext((context) => {
    const group = context.groups.get(USERS_GROUP_ID);
    return group ? groupToWire(group) : undefined;
  }),
  getMembers: withContext((context, args) => {
    const group = resolveGroup(context, args.grp);
    return [...group.members].map((id) => userIdOnlyToWireReduced(id));
  }),

  list: withContext((context, args) => listGroups(context, str(args, 'pattern'))),
  listAll: withContext((context) => listGroups(context, '*')),
  listGroupsForUser: withContext((context, args) => {
    const usr = asObject(args.usr);
    const id = idOf(usr);
    const user = id !== undefined ? context.users.get(id) : context.userByName(nonEmpty(usr, 'name') ?? '');
    if (!user) throw fault('NoSuchUserException', 'No such user');
    const result: Group[] = [];
    for (const groupId of [...context.groupIdsOfUser(user.id)].sort((a, b) => a - b)) {
      const group = context.groups.get(groupId);
      if (group) result.push(groupToWire(group));
    }
    return result;
  }),

  addMember: withContext((context, args) => {
    const group = resolveGroup(context, args.grp);
    const users = memberUsers(context, args.members);
    for (const user of users) if (group.members.has(user.id)) throw invalidData('Member already exists in group');
    for (const user of users) context.addMember(group, user.id);
    return undefined;
  }),
  removeMember: withContext((context, args) => {
    const group = resolveGroup(context, args.grp);
    for (const user of memberUsers(context, args.members)) context.removeMember(group, user.id);
    return undefined;
  }),
};
