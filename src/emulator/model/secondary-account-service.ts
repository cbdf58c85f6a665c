// OXSecondaryAccountService (docs/reference/ox-secondary-accounts.md): functional/shared mailboxes as additional mail
// accounts in the account lists of target users (`users` ∪ members of `groups`; group 0 = every user of the context).
import { authenticateContext } from './auth.js';
import type { ModelEnv, ServiceTable } from './env.js';
import { fault, invalidData } from './faults.js';
import type { AccountRecord, ContextStore, UserRecord } from './store.js';
import type { Account } from '../../ox/types.js';
import { asObject, asObjectList, idOf, int, isGiven, lc, nonEmpty, str, type Obj } from './values.js';

/** Account members in the order of the Account type, after contextId/userId/id. */
const ACCOUNT_MEMBERS = [
  'login',
  'password',
  'name',
  'primaryAddress',
  'personal',
  'replyTo',
  'mailServer',
  'mailPort',
  'mailProtocol',
  'mailSecure',
  'mailStartTls',
  'transportLogin',
  'transportPassword',
  'transportServer',
  'transportPort',
  'transportProtocol',
  'transportSecure',
  'transportStartTls',
  'archiveFullname',
  'draftsFullname',
  'sentFullname',
  'spamFullname',
  'trashFullname',
  'confirmedSpamFullname',
  'confirmedHamFullname',
] as const;

type AccountData = Record<string, string | number | boolean>;

function copyGiven(source: Obj, keys: readonly string[]): AccountData {
  const out: AccountData = {};
  for (const key of keys) {
    const value = source[key];
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') out[key] = value;
  }
  return out;
}

const MISSING_ENDPOINT =
  'Missing mail end-point data. Set end-point source to either "primary" or "localhost"; or specify appropriate fields in account data';

/** Mail and transport end-points from `…EndpointSource` (primary / localhost / none). */
function endpoints(data: Obj, user: UserRecord): AccountData {
  const out: AccountData = {};
  const mailSource = lc(str(data, 'mailEndpointSource') ?? 'none');
  if (mailSource === 'primary') {
    Object.assign(out, {
      mailServer: user.imap.host,
      mailPort: user.imap.port,
      mailProtocol: 'imap',
      mailSecure: user.imap.schema === 'imaps://',
      mailStartTls: false,
    });
  } else if (mailSource === 'localhost') {
    Object.assign(out, {
      mailServer: 'localhost',
      mailPort: 143,
      mailProtocol: 'imap',
      mailSecure: false,
      mailStartTls: true,
    });
  } else if (nonEmpty(data, 'mailServer') === undefined) {
    throw fault('StorageException', MISSING_ENDPOINT);
  }
  const transportSource = lc(str(data, 'transportEndpointSource') ?? 'none');
  if (
    transportSource === 'primary' ||
    (transportSource !== 'localhost' && mailSource === 'primary' && nonEmpty(data, 'transportServer') === undefined)
  ) {
    Object.assign(out, {
      transportServer: user.smtp.host,
      transportPort: user.smtp.port,
      transportProtocol: 'smtp',
      transportSecure: user.smtp.schema === 'smtps://',
      transportStartTls: false,
    });
  } else if (transportSource === 'localhost') {
    Object.assign(out, {
      transportServer: 'localhost',
      transportPort: 25,
      transportProtocol: 'smtp',
      transportSecure: false,
      transportStartTls: true,
    });
  }
  return out;
}

/** Target users of a call: `users` plus the members of `groups` (0 = all). */
function targets(
  context: ContextStore,
  args: { users?: unknown; groups?: unknown },
  required: boolean,
): UserRecord[] | undefined {
  const users = asObjectList(args.users);
  const groups = asObjectList(args.groups);
  if (users.length === 0 && groups.length === 0) {
    if (required) throw invalidData('Missing users/groups in account data');
    return undefined;
  }
  const result = new Map<number, UserRecord>();
  for (const u of users) {
    const id = idOf(u) ?? 0;
    const user = context.users.get(id);
    if (!user) throw fault('NoSuchUserException', `No such user ${id} in context ${context.id}`);
    result.set(id, user);
  }
  for (const g of groups) {
    const id = int(g, 'id') ?? 0;
    if (id === 0) {
      for (const user of context.users.values()) result.set(user.id, user);
      continue;
    }
    const group = context.groups.get(id);
    if (!group) throw fault('NoSuchUserException', `No such group ${id} in context ${context.id}`);
    for (const memberId of group.members) {
      const user = context.users.get(memberId);
      if (user) result.set(memberId, user);
    }
  }
  return [...result.values()];
}

function accountToWire(context: ContextStore, account: AccountRecord): Account {
  const out: Obj = { contextId: context.id, userId: account.userId, id: account.id };
  for (const key of ACCOUNT_MEMBERS) if (account[key] !== undefined) out[key] = account[key];
  return out;
}

function session(env: ModelEnv, args: { context?: unknown; auth?: unknown }): ContextStore {
  if (!isGiven(args.context)) throw invalidData('Missing context.');
  return authenticateContext(env.options, env.registry, args.context, args.auth).context;
}

function primaryAddressArg(args: { primaryAddress?: string | null }): string {
  const address = nonEmpty(args, 'primaryAddress');
  if (address === undefined) throw invalidData('Primary address is empty.');
  return address;
}

export const secondaryAccountService: ServiceTable<'OXSecondaryAccountService'> = {
  create(env, args) {
    const data = asObject(args.accountDataOnCreate);
    if (!data) throw invalidData('Account data is missing.');
    const context = session(env, args);
    const primaryAddress = nonEmpty(data, 'primaryAddress');
    if (primaryAddress === undefined) throw invalidData('Primary address is empty.');
    const users = targets(context, args, true) as UserRecord[];
    // Check every target before creating anything: OX creates all accounts in one transaction.
    const prepared = users.map((user) => {
      const existing = context.accounts.get(user.id) ?? [];
      if (existing.some((a) => lc(String(a.primaryAddress)) === lc(primaryAddress))) {
        throw fault(
          'StorageException',
          `Duplicate mail account for user ${user.id} in context ${context.id}: an account with primary address "${primaryAddress}" already exists.`,
        );
      }
      return { user, data: { ...copyGiven(data, ACCOUNT_MEMBERS), ...endpoints(data, user) } };
    });
    for (const { user, data: accountData } of prepared) {
      const list = context.accounts.get(user.id) ?? [];
      list.push({ ...accountData, id: context.nextAccountId(), userId: user.id });
      context.accounts.set(user.id, list);
    }
    return undefined;
  },

  update(env, args) {
    const context = session(env, args);
    const primaryAddress = primaryAddressArg(args);
    const data = asObject(args.accountDataUpdate);
    if (!data) throw invalidData('Account data is missing.');
    const changes = copyGiven(
      data,
      ACCOUNT_MEMBERS.filter((k) => k !== 'primaryAddress'),
    );
    let changed = false;
    for (const user of targets(context, args, true) as UserRecord[]) {
      for (const account of context.accounts.get(user.id) ?? []) {
        if (lc(String(account.primaryAddress)) !== lc(primaryAddress)) continue;
        Object.assign(account, changes);
        changed = true;
      }
    }
    return changed;
  },

  delete(env, args) {
    const context = session(env, args);
    const primaryAddress = primaryAddressArg(args);
    let removed = false;
    for (const user of targets(context, args, true) as UserRecord[]) {
      const list = context.accounts.get(user.id);
      if (!list) continue;
      const kept = list.filter((a) => lc(String(a.primaryAddress)) !== lc(primaryAddress));
      if (kept.length !== list.length) removed = true;
      if (kept.length > 0) context.accounts.set(user.id, kept);
      else context.accounts.delete(user.id);
    }
    return removed;
  },

  list(env, args) {
    const context = session(env, args);
    const users = targets(context, args, false);
    const result: Account[] = [];
    const userIds = users ? users.map((u) => u.id) : [...context.accounts.keys()].sort((a, b) => a - b);
    for (const userId of userIds)
      for (const account of context.accounts.get(userId) ?? []) result.push(accountToWire(context, account));
    return result;
  },
};
