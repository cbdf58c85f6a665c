/**
 * A whole generated directory: one OX context, the standard access profiles, users, groups,
 * resources and functional accounts, consistent with each other (users list their groups, groups
 * list their members' DNs, resources name a user's uidNumber as admin, functional accounts name
 * users). It remembers each object's current state, so it can produce follow-up traffic: changes
 * of one attribute, and re-deliveries of unchanged objects.
 */
import { SeededRandom } from './random.js';
import type { QueueRecord, UdmObject } from './queue-file.js';
import {
  accessProfileRecords,
  contextRecord,
  dnOf,
  functionalAccountRecord,
  groupRecord,
  resourceRecord,
  type DirectoryNaming,
} from './objects.js';
import { UserFactory } from './users.js';
import { changeOneAttribute } from './changes.js';
import { FUNCTIONAL_ACCOUNT_TOPICS, GROUP_SITES, GROUP_TOPICS, RESOURCE_KINDS } from './vocabulary.js';

export interface DirectorySize {
  users: number;
  groups: number;
  membersPerGroup: number;
  resources: number;
  functionalAccounts: number;
  membersPerFunctionalAccount: number;
}

export interface WorkloadOptions extends DirectoryNaming {
  seed: number;
  contextId: number;
}

export const DEFAULT_WORKLOAD_OPTIONS: WorkloadOptions = {
  seed: 20240502,
  baseDn: 'dc=example,dc=org',
  mailDomain: 'example.org',
  contextId: 10,
};

/** The initial load: 5,000 users, 200 groups of 50, 100 resources, 50 accounts of 3 members. */
export const BENCHMARK_SIZE: DirectorySize = {
  users: 5000,
  groups: 200,
  membersPerGroup: 50,
  resources: 100,
  functionalAccounts: 50,
  membersPerFunctionalAccount: 3,
};

function clone(record: QueueRecord): QueueRecord {
  return structuredClone(record);
}

export class DirectoryWorkload {
  readonly context: QueueRecord;
  readonly accessProfiles: QueueRecord[];
  readonly users: QueueRecord[] = [];
  readonly groups: QueueRecord[] = [];
  readonly resources: QueueRecord[] = [];
  readonly functionalAccounts: QueueRecord[] = [];
  private readonly rng: SeededRandom;
  private readonly userFactory: UserFactory;
  private redeliveryCursor = 0;

  constructor(
    readonly options: WorkloadOptions,
    readonly size: DirectorySize,
  ) {
    const rng = (this.rng = new SeededRandom(options.seed));
    this.userFactory = new UserFactory(rng, options);
    this.context = contextRecord(options, rng.entryUuid(), options.contextId, 100_000 + size.users * 1024);
    this.accessProfiles = accessProfileRecords(options, () => rng.entryUuid());

    // Group names come first: users carry their groups' DNs, groups carry their members' DNs.
    const groupNames = this.groupNames(size.groups);
    const groupsOfUser: string[][] = Array.from({ length: size.users }, () => []);
    const userIndices = Array.from({ length: size.users }, (_, i) => i);
    const membersOfGroup = groupNames.map((name) => {
      const members = rng.sample(userIndices, size.membersPerGroup).sort((a, b) => a - b);
      for (const i of members) groupsOfUser[i].push(dnOf.group(options, name));
      return members;
    });

    for (let i = 0; i < size.users; i++) this.users.push(this.userFactory.create(groupsOfUser[i]));

    groupNames.forEach((name, g) => {
      this.groups.push(
        groupRecord(options, {
          id: rng.entryUuid(),
          name,
          description: `${name} (${membersOfGroup[g].length} members)`,
          gidNumber: 5100 + g,
          sambaRid: 20_000 + g,
          mailAddress: rng.chance(0.5) ? `${name}@${options.mailDomain}` : null,
          memberDns: membersOfGroup[g].map((i) => this.users[i].dn),
        }),
      );
    });

    for (let r = 0; r < size.resources; r++) this.resources.push(this.resource(r));
    for (let f = 0; f < size.functionalAccounts; f++) this.functionalAccounts.push(this.functionalAccount(f));
  }

  /** Everything, in the order an administrator creates it (and UCS therefore queues it). */
  initialLoad(): QueueRecord[] {
    return [
      this.context,
      ...this.accessProfiles,
      ...this.users,
      ...this.groups,
      ...this.resources,
      ...this.functionalAccounts,
    ].map(clone);
  }

  /**
   * `count` changes of one attribute each, to distinct users while there are enough of them (so
   * nothing coalesces and every change costs OX work). Updates the remembered state.
   */
  attributeChanges(count: number): QueueRecord[] {
    const order = this.rng.shuffle(this.users.map((_, i) => i));
    const out: QueueRecord[] = [];
    for (let n = 0; n < count; n++) {
      const user = this.users[order[n % order.length]];
      changeOneAttribute(user.object as UdmObject, this.rng, this.userFactory);
      out.push(clone(user));
    }
    return out;
  }

  /**
   * `count` re-deliveries of objects exactly as last delivered — what a listener resync or a
   * converter restart produces. Users first, then groups, resources and functional accounts.
   */
  redeliveries(count: number): QueueRecord[] {
    const pool = [...this.users, ...this.groups, ...this.resources, ...this.functionalAccounts];
    const out: QueueRecord[] = [];
    for (let n = 0; n < count && pool.length > 0; n++) {
      out.push(clone(pool[this.redeliveryCursor++ % pool.length]));
    }
    return out;
  }

  private groupNames(count: number): string[] {
    const names: string[] = [];
    const used = new Set<string>();
    for (let g = 0; names.length < count; g++) {
      const topic = GROUP_TOPICS[g % GROUP_TOPICS.length];
      const site = GROUP_SITES[Math.floor(g / GROUP_TOPICS.length) % GROUP_SITES.length];
      const round = Math.floor(g / (GROUP_TOPICS.length * GROUP_SITES.length));
      const name = round === 0 ? `${topic}-${site}` : `${topic}-${site}-${round + 1}`;
      if (!used.has(name)) names.push(name);
      used.add(name);
    }
    return names;
  }

  private resource(r: number): QueueRecord {
    const [kind, german, english] = RESOURCE_KINDS[r % RESOURCE_KINDS.length];
    const number = Math.floor(r / RESOURCE_KINDS.length) + 1;
    const name = `${kind} ${number}`;
    const admin = this.users.length > 0 ? this.rng.pick(this.users) : null;
    return resourceRecord(this.options, {
      id: this.rng.entryUuid(),
      name,
      displayName: `${german} ${number}`,
      description: `${english} ${number}, ${this.rng.pick(['Erdgeschoss', '1. OG', '2. OG', 'Haus B'])}`,
      contextId: this.options.contextId,
      mailAddress: `${kind}${number}@${this.options.mailDomain}`,
      adminUidNumber: admin ? Number((admin.object as UdmObject).uidNumber) : 2001,
    });
  }

  private functionalAccount(f: number): QueueRecord {
    const [topic, personal] = FUNCTIONAL_ACCOUNT_TOPICS[f % FUNCTIONAL_ACCOUNT_TOPICS.length];
    const round = Math.floor(f / FUNCTIONAL_ACCOUNT_TOPICS.length);
    const name =
      round === 0
        ? topic
        : `${topic}-${GROUP_SITES[(round - 1) % GROUP_SITES.length]}${round > GROUP_SITES.length ? round : ''}`;
    const members = this.rng.sample(this.users, this.size.membersPerFunctionalAccount);
    return functionalAccountRecord(this.options, {
      id: this.rng.entryUuid(),
      name,
      mailAddress: `${name}@${this.options.mailDomain}`,
      personal,
      quotaMb: this.rng.pick([500, 1000, 2000]),
      memberDns: members.map((u) => u.dn),
    });
  }
}
