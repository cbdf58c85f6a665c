/**
 * The soak's own model of what the directory holds, and the generator of changes against it. Every change
 * is applied to the model first and then handed to a sink (queue files or slapd), so at the end the model
 * says exactly what OX must hold. Names are never reused (a counter), so a stale object in OX can never be
 * mistaken for a live one.
 */
import { SeededRandom } from '../workload/random.js';

export interface ModelUser {
  id: string;
  username: string;
  ctx: number;
  firstname: string;
  lastname: string;
  city: string;
}

export interface ModelGroup {
  id: string;
  name: string;
  /** Member user ids. */
  members: Set<string>;
}

export interface ModelResource {
  id: string;
  name: string;
  ctx: number;
  description: string;
}

export type Change =
  | { kind: 'userCreate'; user: ModelUser; groups: ModelGroup[] }
  | { kind: 'userModify'; user: ModelUser }
  | { kind: 'userRename'; user: ModelUser; oldUsername: string; groups: ModelGroup[] }
  | { kind: 'userMove'; user: ModelUser }
  | { kind: 'userDelete'; user: ModelUser; groups: ModelGroup[] }
  | { kind: 'groupCreate'; group: ModelGroup }
  | { kind: 'groupMembers'; group: ModelGroup }
  | { kind: 'groupDelete'; group: ModelGroup }
  | { kind: 'resourceCreate'; resource: ModelResource }
  | { kind: 'resourceModify'; resource: ModelResource }
  | { kind: 'resourceMove'; resource: ModelResource }
  | { kind: 'resourceDelete'; resource: ModelResource };

export type ChangeKind = Change['kind'];

const CITIES = ['Bremen', 'Berlin', 'Köln', 'München', 'Hamburg', 'Leipzig', 'Dresden', 'Kiel'];
const LAST = ['Meyer', 'Schmidt', 'Müller', 'Weber', 'Wagner', 'Becker', 'Hoffmann', 'Schulz'];
const FIRST = ['Anna', 'Jörg', 'Lena', 'Paul', 'Mia', 'Emil', 'Sofie', 'Ben'];

export class DirectoryModel {
  readonly users = new Map<string, ModelUser>();
  readonly groups = new Map<string, ModelGroup>();
  readonly resources = new Map<string, ModelResource>();
  private counter = 0;
  readonly rng: SeededRandom;

  constructor(
    readonly contexts: number[],
    seed = 4711,
  ) {
    this.rng = new SeededRandom(seed);
  }

  groupsOf(userId: string): ModelGroup[] {
    return [...this.groups.values()].filter((g) => g.members.has(userId));
  }

  /** The next change, weighted so that the directory grows to a steady size and every kind keeps occurring. */
  next(): Change {
    const r = this.rng;
    const users = [...this.users.values()];
    const groups = [...this.groups.values()];
    if (users.length < 5 || (users.length < 200 && r.chance(0.3))) return this.createUser();
    if (groups.length < 2 || (groups.length < 15 && r.chance(0.05))) return this.createGroup();
    if (r.chance(0.06)) return this.resourceChange();
    const roll = r.next();
    if (roll < 0.3) return this.modifyUser(r.pick(users));
    if (roll < 0.42) return this.renameUser(r.pick(users));
    if (roll < 0.54) return this.moveUser(r.pick(users));
    if (roll < 0.78) return this.changeMembers(r.pick(groups), users);
    if (roll < 0.9) return this.deleteUser(r.pick(users));
    if (roll < 0.93 && groups.length > 3) return this.deleteGroup(r.pick(groups));
    return this.createUser();
  }

  private createUser(): Change {
    const n = ++this.counter;
    const user: ModelUser = {
      id: this.rng.entryUuid(),
      username: `soak${n}`,
      ctx: this.rng.pick(this.contexts),
      firstname: this.rng.pick(FIRST),
      lastname: this.rng.pick(LAST),
      city: this.rng.pick(CITIES),
    };
    this.users.set(user.id, user);
    const groups = this.groups.size > 0 && this.rng.chance(0.5) ? [this.rng.pick([...this.groups.values()])] : [];
    for (const g of groups) g.members.add(user.id);
    return { kind: 'userCreate', user, groups };
  }

  private modifyUser(user: ModelUser): Change {
    if (this.rng.chance(0.5)) user.city = this.rng.pick(CITIES.filter((c) => c !== user.city));
    else user.lastname = this.rng.pick(LAST.filter((c) => c !== user.lastname));
    return { kind: 'userModify', user };
  }

  private renameUser(user: ModelUser): Change {
    const oldUsername = user.username;
    user.username = `soak${++this.counter}`;
    return { kind: 'userRename', user, oldUsername, groups: this.groupsOf(user.id) };
  }

  private moveUser(user: ModelUser): Change {
    const others = this.contexts.filter((c) => c !== user.ctx);
    if (others.length === 0) return this.modifyUser(user);
    user.ctx = this.rng.pick(others);
    return { kind: 'userMove', user };
  }

  private deleteUser(user: ModelUser): Change {
    const groups = this.groupsOf(user.id);
    for (const g of groups) g.members.delete(user.id);
    this.users.delete(user.id);
    return { kind: 'userDelete', user, groups };
  }

  private createGroup(): Change {
    const group: ModelGroup = { id: this.rng.entryUuid(), name: `soakgroup${++this.counter}`, members: new Set() };
    for (const u of this.rng.sample([...this.users.values()], Math.min(3, this.users.size))) group.members.add(u.id);
    this.groups.set(group.id, group);
    return { kind: 'groupCreate', group };
  }

  private changeMembers(group: ModelGroup, users: ModelUser[]): Change {
    const outsiders = users.filter((u) => !group.members.has(u.id));
    if (group.members.size > 0 && (outsiders.length === 0 || this.rng.chance(0.4)))
      group.members.delete(this.rng.pick([...group.members]));
    else group.members.add(this.rng.pick(outsiders).id);
    return { kind: 'groupMembers', group };
  }

  private deleteGroup(group: ModelGroup): Change {
    this.groups.delete(group.id);
    return { kind: 'groupDelete', group };
  }

  private resourceChange(): Change {
    const resources = [...this.resources.values()];
    if (resources.length < 3 || (resources.length < 20 && this.rng.chance(0.3))) {
      const resource: ModelResource = {
        id: this.rng.entryUuid(),
        name: `soakroom${++this.counter}`,
        ctx: this.rng.pick(this.contexts),
        description: `Room in ${this.rng.pick(CITIES)}`,
      };
      this.resources.set(resource.id, resource);
      return { kind: 'resourceCreate', resource };
    }
    const resource = this.rng.pick(resources);
    const roll = this.rng.next();
    if (roll < 0.5) {
      resource.description = `Room in ${this.rng.pick(CITIES)}, floor ${this.rng.int(1, 9)}`;
      return { kind: 'resourceModify', resource };
    }
    if (roll < 0.8 && this.contexts.length > 1) {
      resource.ctx = this.rng.pick(this.contexts.filter((c) => c !== resource.ctx));
      return { kind: 'resourceMove', resource };
    }
    this.resources.delete(resource.id);
    return { kind: 'resourceDelete', resource };
  }

  /** What OX must hold per context: users by login with their fields, groups by name with member logins. */
  expected(): Map<number, ExpectedContext> {
    const out = new Map<number, ExpectedContext>();
    for (const ctx of this.contexts) out.set(ctx, { users: new Map(), groups: new Map(), resources: new Map() });
    for (const r of this.resources.values()) out.get(r.ctx)!.resources.set(r.name, expectedResource(r));
    for (const u of this.users.values()) out.get(u.ctx)!.users.set(u.username, expectedUser(u));
    for (const g of this.groups.values()) {
      for (const id of g.members) {
        const u = this.users.get(id)!;
        const groups = out.get(u.ctx)!.groups;
        groups.set(g.name, [...(groups.get(g.name) ?? []), u.username].sort());
      }
    }
    return out;
  }
}

export interface ExpectedContext {
  users: Map<string, ExpectedUser>;
  /** Group name → member logins, sorted. */
  groups: Map<string, string[]>;
  resources: Map<string, ExpectedResource>;
}

export type ExpectedResource = Record<(typeof COMPARED_RESOURCE_FIELDS)[number], string>;

/** The OX resource fields the soak compares. */
export const COMPARED_RESOURCE_FIELDS = ['displayname', 'email', 'description'] as const;

export function resourceMailOf(r: ModelResource): string {
  return `${r.name}@${MAIL_DOMAIN}`;
}

function expectedResource(r: ModelResource): ExpectedResource {
  return { displayname: `Room ${r.name}`, email: resourceMailOf(r), description: r.description };
}

export type ExpectedUser = Record<(typeof COMPARED_USER_FIELDS)[number], string>;

/** The OX user fields the soak compares, each following from one directory attribute. */
export const COMPARED_USER_FIELDS = ['given_name', 'sur_name', 'display_name', 'email1', 'city_business'] as const;

export const MAIL_DOMAIN = 'example.org';

export function mailOf(user: ModelUser): string {
  return `${user.username}@${MAIL_DOMAIN}`;
}

export function displayNameOf(user: ModelUser): string {
  return `${user.firstname} ${user.lastname} (${user.username})`;
}

function expectedUser(u: ModelUser): ExpectedUser {
  return {
    given_name: u.firstname,
    sur_name: u.lastname,
    display_name: displayNameOf(u),
    email1: mailOf(u),
    city_business: u.city,
  };
}
