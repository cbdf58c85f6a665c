/**
 * The directory of the scale run (issue 19 item 1), written straight into a listener directory while it is
 * generated: at a million users the records cannot all be held in memory first, as DirectoryWorkload does.
 *
 * Shape for --scale N (everything proportional; 10 contexts at every N):
 * - 10 contexts (ids 10…19); user i lives in context 10 + i mod 10;
 * - N users (the realistic users of bench/workload, one UserFactory so user names stay unique);
 * - N / 50 groups of 50 members: group g lives in context 10 + g mod 10 and holds users of that context only,
 *   each user is a member of exactly one group (plus Domain Users, which is no OX group);
 * - N / 500 resources, spread over the contexts, each administered by a user of its own context;
 * - the seven standard access profiles.
 * Only what the change phase needs stays in memory: the user names (group members are DNs) and the records
 * of the users that will be changed later.
 */
import {
  DEFAULT_WORKLOAD_OPTIONS,
  QueueDirectoryWriter,
  SeededRandom,
  UserFactory,
  dnOf,
  type QueueRecord,
  type UdmObject,
} from '../workload/index.js';
import { accessProfileRecords, contextRecord, groupRecord, resourceRecord } from '../workload/objects.js';
import { GROUP_SITES, GROUP_TOPICS, RESOURCE_KINDS } from '../workload/vocabulary.js';

export const SCALE_CONTEXTS = 10;
export const FIRST_SCALE_CONTEXT = DEFAULT_WORKLOAD_OPTIONS.contextId;
/** Users per group; the full run's 1,000,000 users make 20,000 groups. */
export const SCALE_MEMBERS_PER_GROUP = 50;
export const SCALE_USERS_PER_RESOURCE = 500;

export interface ScaleSize {
  users: number;
  groups: number;
  resources: number;
  /** One-attribute changes after the initial load (10,000 at a million users). */
  changes: number;
}

export function scaleSize(users: number): ScaleSize {
  return {
    users,
    // A multiple of 10, so that every context has as many groups.
    groups: SCALE_CONTEXTS * Math.max(1, Math.round(users / SCALE_MEMBERS_PER_GROUP / SCALE_CONTEXTS)),
    resources: Math.max(SCALE_CONTEXTS, Math.round(users / SCALE_USERS_PER_RESOURCE)),
    changes: Math.max(100, Math.round(users / 100)),
  };
}

export interface ScaleWorkload {
  /** Queue files written: contexts, access profiles, users, groups, resources. */
  objects: number;
  /** The users the change phase changes, as last delivered (their records are kept, nothing else is). */
  changeTargets: QueueRecord[];
}

const contextOf = (index: number) => FIRST_SCALE_CONTEXT + (index % SCALE_CONTEXTS);

function groupName(g: number): string {
  const topic = GROUP_TOPICS[g % GROUP_TOPICS.length];
  const site = GROUP_SITES[Math.floor(g / GROUP_TOPICS.length) % GROUP_SITES.length];
  return `${topic}-${site}-${g + 1}`;
}

export function writeScaleWorkload(
  writer: QueueDirectoryWriter,
  size: ScaleSize,
  seed: number,
  progress: (written: number) => void = () => {},
): ScaleWorkload {
  const options = { ...DEFAULT_WORKLOAD_OPTIONS, seed };
  const rng = new SeededRandom(seed);
  const factory = new UserFactory(rng, options);
  const write = (record: QueueRecord) => {
    writer.write(record);
    if (writer.count % 10_000 === 0) progress(writer.count);
  };
  for (let c = 0; c < SCALE_CONTEXTS; c++) {
    const id = FIRST_SCALE_CONTEXT + c;
    write(contextRecord(options, rng.entryUuid(), id, 100_000 + Math.ceil(size.users / SCALE_CONTEXTS) * 1024));
  }
  accessProfileRecords(options, () => rng.entryUuid()).forEach(write);

  // Group g lives in context g mod 10; its j-th group there (j = ⌊g / 10⌋) takes every groupsPerContext-th user
  // of that context, so each user is in exactly one group and the groups of a context are equally large.
  const groupsPerContext = Math.floor(size.groups / SCALE_CONTEXTS);
  const groupOfUser = (i: number) =>
    (Math.floor(i / SCALE_CONTEXTS) % groupsPerContext) * SCALE_CONTEXTS + (i % SCALE_CONTEXTS);
  const usernames: string[] = new Array<string>(size.users);
  const uidNumbers = new Int32Array(size.users);
  // Changed users are spread over the directory and over all contexts: a stride that is a multiple of 10 would pick
  // users of one context only (user i lives in context 10 + i mod 10).
  let stride = Math.max(1, Math.floor(size.users / size.changes));
  if (stride > 1 && stride % SCALE_CONTEXTS === 0) stride -= 1;
  const changeTargets: QueueRecord[] = [];
  for (let i = 0; i < size.users; i++) {
    const user = factory.create([dnOf.group(options, groupName(groupOfUser(i)))]);
    const object = user.object as UdmObject;
    object.oxContext = String(contextOf(i));
    usernames[i] = String(object.username);
    uidNumbers[i] = Number(object.uidNumber);
    write(user);
    if (i % stride === 0 && changeTargets.length < size.changes) changeTargets.push(user);
  }

  const members: number[][] = Array.from({ length: groupsPerContext * SCALE_CONTEXTS }, () => []);
  for (let i = 0; i < size.users; i++) members[groupOfUser(i)].push(i);
  members.forEach((of, g) => {
    write(
      groupRecord(options, {
        id: rng.entryUuid(),
        name: groupName(g),
        description: `${groupName(g)} (${of.length} members)`,
        gidNumber: 5100 + g,
        sambaRid: 20_000 + g,
        mailAddress: g % 2 === 0 ? `${groupName(g)}@${options.mailDomain}` : null,
        memberDns: of.map((i) => dnOf.user(options, usernames[i])),
      }),
    );
    members[g] = [];
  });

  for (let r = 0; r < size.resources; r++) {
    const [kind, german, english] = RESOURCE_KINDS[r % RESOURCE_KINDS.length];
    const number = Math.floor(r / RESOURCE_KINDS.length) + 1;
    const context = contextOf(r);
    // A user of the resource's own context: indices ≡ r (mod 10).
    const admin =
      (r % SCALE_CONTEXTS) + SCALE_CONTEXTS * rng.int(0, Math.floor((size.users - 1 - (r % SCALE_CONTEXTS)) / 10));
    write(
      resourceRecord(options, {
        id: rng.entryUuid(),
        name: `${kind} ${number}`,
        displayName: `${german} ${number}`,
        description: `${english} ${number}`,
        contextId: context,
        mailAddress: `${kind}${number}@${options.mailDomain}`,
        adminUidNumber: uidNumbers[admin] || 2001,
      }),
    );
  }
  return { objects: writer.count, changeTargets };
}
