// In-memory OX data with the indexes OX's database gives it for free: every lookup the services do is a map
// access (by id, by lower-cased login/group/resource name, by primary mail address), so a context with 10,000
// users or a group with 10,000 members costs no scans per call.
import type { ModuleAccess } from './module-access.js';
import { lc } from './values.js';
import { compactUser } from './compact-user.js';

export interface MailEndpoint {
  schema: string; // 'imap://', 'imaps://', 'smtp://', 'smtps://'
  host: string;
  port: number;
}

/** namespace → key → value (SOAPStringMapMap) */
export type AttributeMap = Record<string, Record<string, string>>;

export interface UserRecord {
  id: number;
  name: string;
  /** All other stored User members that are plain values (strings, numbers, booleans, base64 strings). */
  fields: Record<string, string | number | boolean>;
  aliases: string[];
  password: string;
  passwordMech: string;
  imap: MailEndpoint;
  smtp: MailEndpoint;
  userAttributes: AttributeMap;
  access: ModuleAccess;
  contextAdmin: boolean;
  capabilities: string[];
}

export interface GroupRecord {
  id: number;
  name: string;
  displayname: string;
  members: Set<number>;
}

export interface ResourceRecord {
  id: number;
  name: string;
  displayname: string;
  email: string;
  description?: string;
  available: boolean;
  permissions: Array<{ entity: number; group: boolean; privilege: string }>;
}

/** One deputy permission a grantor gave (OXDeputyPermissionsService). digits: folder, read, write, delete. */
export interface DeputyGrantRecord {
  deputyId: string;
  userId: number;
  sendOnBehalfOf: boolean;
  modules: Array<{ moduleId: string; admin: boolean; digits: number[] }>;
}

export interface DeputyState {
  grantorId: number;
  /** blockManual: the user may not edit his deputies in OX himself. */
  blocked: boolean;
  grants: DeputyGrantRecord[];
}

/** A secondary (functional) mail account in one user's account list. */
export type AccountRecord = { id: number; userId: number } & Record<string, string | number | boolean>;

export interface ContextRecord {
  id: number;
  name: string;
  enabled: boolean;
  loginMappings: string[];
  maxQuota: number;
  filestoreId: number;
  userAttributes: AttributeMap;
  gabMode?: string;
  capabilities: string[];
  quotas: Record<string, number>;
  /** Users, groups and resources share one id sequence (OX's "principal" sequence). */
  lastPrincipalId: number;
  /** Mail-account ids come from their own sequence; 0 is every user's primary account. */
  lastAccountId: number;
}

export const USERS_GROUP_ID = 1;
export const CONTEXT_ADMIN_ID = 2;

export class ContextStore {
  readonly users = new Map<number, UserRecord>();
  private readonly usersByName = new Map<string, UserRecord>();
  private readonly usersByPrimaryMail = new Map<string, UserRecord>();
  private readonly displayNameCount = new Map<string, number>();
  /** user id → ids of the groups the user is a member of (group 1 included). */
  private readonly groupsOfUser = new Map<number, Set<number>>();

  readonly groups = new Map<number, GroupRecord>();
  private readonly groupsByName = new Map<string, GroupRecord>();

  readonly resources = new Map<number, ResourceRecord>();
  private readonly resourcesByName = new Map<string, ResourceRecord>();
  private readonly resourcesByEmail = new Map<string, ResourceRecord>();

  /** user id → that user's secondary accounts */
  readonly accounts = new Map<number, AccountRecord[]>();

  /** grantor user id → deputy permissions it gave */
  readonly deputies = new Map<number, DeputyState>();

  constructor(readonly data: ContextRecord) {}

  get id(): number {
    return this.data.id;
  }

  nextPrincipalId(): number {
    this.data.lastPrincipalId += 1;
    return this.data.lastPrincipalId;
  }

  nextAccountId(): number {
    this.data.lastAccountId += 1;
    return this.data.lastAccountId;
  }

  // ---- users ----

  userByName(name: string): UserRecord | undefined {
    return this.usersByName.get(lc(name));
  }

  userByPrimaryMail(mail: string): UserRecord | undefined {
    return this.usersByPrimaryMail.get(lc(mail));
  }

  displayNameInUse(displayName: string, exceptUser?: UserRecord): boolean {
    const count = this.displayNameCount.get(lc(displayName)) ?? 0;
    const own =
      exceptUser !== undefined && lc(String(exceptUser.fields.display_name ?? '')) === lc(displayName) ? 1 : 0;
    return count - own > 0;
  }

  admin(): UserRecord | undefined {
    return this.users.get(CONTEXT_ADMIN_ID) ?? [...this.users.values()].find((u) => u.contextAdmin);
  }

  addUser(user: UserRecord): void {
    this.users.set(user.id, compactUser(user));
    this.indexUser(user);
    if (!this.groupsOfUser.has(user.id)) this.groupsOfUser.set(user.id, new Set());
    const usersGroup = this.groups.get(USERS_GROUP_ID);
    if (usersGroup) this.addMember(usersGroup, user.id);
  }

  /** Call before changing name, primaryEmail or display_name of a stored user, then reindexUser after. */
  unindexUser(user: UserRecord): void {
    this.usersByName.delete(lc(user.name));
    const primary = user.fields.primaryEmail;
    if (typeof primary === 'string' && this.usersByPrimaryMail.get(lc(primary)) === user)
      this.usersByPrimaryMail.delete(lc(primary));
    const display = user.fields.display_name;
    if (typeof display === 'string') {
      const key = lc(display);
      const count = (this.displayNameCount.get(key) ?? 1) - 1;
      if (count > 0) this.displayNameCount.set(key, count);
      else this.displayNameCount.delete(key);
    }
  }

  indexUser(user: UserRecord): void {
    this.usersByName.set(lc(user.name), user);
    const primary = user.fields.primaryEmail;
    if (typeof primary === 'string' && primary !== '') this.usersByPrimaryMail.set(lc(primary), user);
    const display = user.fields.display_name;
    if (typeof display === 'string') {
      const key = lc(display);
      this.displayNameCount.set(key, (this.displayNameCount.get(key) ?? 0) + 1);
    }
  }

  /** Removes the user with everything that goes with it in OX: group memberships and mail accounts. */
  removeUser(user: UserRecord): void {
    this.unindexUser(user);
    this.users.delete(user.id);
    for (const groupId of this.groupsOfUser.get(user.id) ?? []) this.groups.get(groupId)?.members.delete(user.id);
    this.groupsOfUser.delete(user.id);
    this.accounts.delete(user.id);
    // Deputy permissions go with the grantor, and with the deputy.
    this.deputies.delete(user.id);
    for (const state of this.deputies.values()) state.grants = state.grants.filter((g) => g.userId !== user.id);
  }

  groupIdsOfUser(userId: number): ReadonlySet<number> {
    return this.groupsOfUser.get(userId) ?? new Set();
  }

  // ---- groups ----

  groupByName(name: string): GroupRecord | undefined {
    return this.groupsByName.get(lc(name));
  }

  addGroup(group: GroupRecord): void {
    this.groups.set(group.id, group);
    this.groupsByName.set(lc(group.name), group);
    const members = [...group.members];
    group.members = new Set();
    for (const id of members) this.addMember(group, id);
  }

  renameGroup(group: GroupRecord, newName: string): void {
    this.groupsByName.delete(lc(group.name));
    group.name = newName;
    this.groupsByName.set(lc(newName), group);
  }

  addMember(group: GroupRecord, userId: number): void {
    group.members.add(userId);
    let set = this.groupsOfUser.get(userId);
    if (!set) {
      set = new Set();
      this.groupsOfUser.set(userId, set);
    }
    set.add(group.id);
  }

  removeMember(group: GroupRecord, userId: number): void {
    group.members.delete(userId);
    this.groupsOfUser.get(userId)?.delete(group.id);
  }

  replaceMembers(group: GroupRecord, userIds: Iterable<number>): void {
    for (const id of group.members) this.groupsOfUser.get(id)?.delete(group.id);
    group.members = new Set();
    for (const id of userIds) this.addMember(group, id);
  }

  removeGroup(group: GroupRecord): void {
    this.replaceMembers(group, []);
    this.groups.delete(group.id);
    this.groupsByName.delete(lc(group.name));
  }

  // ---- resources ----

  resourceByName(name: string): ResourceRecord | undefined {
    return this.resourcesByName.get(lc(name));
  }

  resourceByEmail(email: string): ResourceRecord | undefined {
    return this.resourcesByEmail.get(lc(email));
  }

  addResource(resource: ResourceRecord): void {
    this.resources.set(resource.id, resource);
    this.indexResource(resource);
  }

  unindexResource(resource: ResourceRecord): void {
    this.resourcesByName.delete(lc(resource.name));
    if (this.resourcesByEmail.get(lc(resource.email)) === resource) this.resourcesByEmail.delete(lc(resource.email));
  }

  indexResource(resource: ResourceRecord): void {
    this.resourcesByName.set(lc(resource.name), resource);
    if (resource.email !== '') this.resourcesByEmail.set(lc(resource.email), resource);
  }

  removeResource(resource: ResourceRecord): void {
    this.unindexResource(resource);
    this.resources.delete(resource.id);
  }
}

/** All contexts of the emulated OX, with the system-wide indexes (context names and login mappings). */
export class Registry {
  readonly contexts = new Map<number, ContextStore>();
  private readonly byName = new Map<string, ContextStore>();
  private readonly byMapping = new Map<string, ContextStore>();

  contextByName(name: string): ContextStore | undefined {
    return this.byName.get(lc(name));
  }

  contextByMapping(mapping: string): ContextStore | undefined {
    return this.byMapping.get(lc(mapping));
  }

  add(context: ContextStore): void {
    this.contexts.set(context.id, context);
    this.index(context);
  }

  unindex(context: ContextStore): void {
    this.byName.delete(lc(context.data.name));
    for (const m of context.data.loginMappings) this.byMapping.delete(lc(m));
  }

  index(context: ContextStore): void {
    this.byName.set(lc(context.data.name), context);
    for (const m of context.data.loginMappings) this.byMapping.set(lc(m), context);
  }

  remove(context: ContextStore): void {
    this.unindex(context);
    this.contexts.delete(context.id);
  }
}
