// Building, resolving and rendering users. Shared by the user, group, context and user-copy services.
import { fault, invalidData, noSuchObjectByName } from './faults.js';
import { copyAccess } from './module-access.js';
import type { AttributeMap, ContextStore, UserRecord } from './store.js';
import { attributesToWire, endpointString } from './user-values.js';
import type { User, UserCore } from '../../ox/types.js';
import { asObject, idOf, nonEmpty, type Obj } from './values.js';

/**
 * User members OX ignores on input (read-only on the wire, docs/reference/ox-soap-contract.md) or that we keep outside
 * `fields`.
 */
export const NOT_PLAIN_USER_MEMBERS: ReadonlySet<string> = new Set([
  // read-only
  'contextadmin',
  'default_group',
  'guiPreferencesForSoap',
  'password_expired',
  'imapSchema',
  'imapServerString',
  'smtpSchema',
  'smtpServerString',
  'usedQuota',
  'filestore_name',
  // kept in dedicated record properties
  'id',
  'name',
  'aliases',
  'password',
  'passwordMech',
  'imapServer',
  'imapPort',
  'smtpServer',
  'smtpPort',
  'userAttributes',
  'drive_folder_mode',
  'drive_user_folder_mode',
  'filestoreId',
]);

/**
 * The given plain members of a wire User (strings, numbers, booleans): what `change` copies as-is. Written into
 * `into` when given, to save a second copy (decision 0190).
 */
export function plainMembers(
  usrdata: Obj,
  into: Record<string, string | number | boolean> = {},
): Record<string, string | number | boolean> {
  const result = into;
  for (const key in usrdata) {
    if (NOT_PLAIN_USER_MEMBERS.has(key)) continue;
    const value = usrdata[key];
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') result[key] = value;
  }
  return result;
}

/**
 * A deep copy of a user record, for a change that is swapped in only when every check passed. Same result as
 * `structuredClone`, about a third of its cost: the record's shape is known (a change of a new UserRecord
 * property must be copied here too; the unit test compares with structuredClone).
 */
export function copyUserRecord(user: UserRecord): UserRecord {
  const fields: UserRecord['fields'] = {};
  for (const key in user.fields) fields[key] = user.fields[key];
  const userAttributes: AttributeMap = {};
  for (const namespace in user.userAttributes) userAttributes[namespace] = { ...user.userAttributes[namespace] };
  return {
    id: user.id,
    name: user.name,
    fields,
    aliases: [...user.aliases],
    password: user.password,
    passwordMech: user.passwordMech,
    imap: { ...user.imap },
    smtp: { ...user.smtp },
    userAttributes,
    access: copyAccess(user.access),
    contextAdmin: user.contextAdmin,
    capabilities: [...user.capabilities],
  };
}

/**
 * Resolves a user given by id or, when the id is absent or 0, by name — the way change/delete/module-access
 * paths do it: an unknown name is OX's composite NoSuchObjectException fault, an unknown id a plain one.
 */
export function resolveUserByIdOrName(
  context: ContextStore,
  userArg: unknown,
  unknownIdMessage?: (id: number) => string,
): UserRecord {
  const user = asObject(userArg);
  const id = idOf(user);
  if (id !== undefined) {
    const found = context.users.get(id);
    if (!found) {
      throw fault(
        'NoSuchUserException',
        unknownIdMessage ? unknownIdMessage(id) : `No such user ${id} in context ${context.id}`,
      );
    }
    return found;
  }
  const name = nonEmpty(user, 'name');
  if (name === undefined) throw invalidData('One userobject has no userid or username');
  const found = context.userByName(name);
  if (!found) throw noSuchObjectByName('NoSuchUserException', `No such user ${name} in context ${context.id}`);
  return found;
}

/** getData/getMultipleData resolution: both id and name are checked when both are given. */
export function resolveUserForRead(context: ContextStore, userArg: unknown): UserRecord {
  const user = asObject(userArg);
  const id = idOf(user);
  const name = nonEmpty(user, 'name');
  if (id === undefined && name === undefined) throw invalidData('Username and userid missing.');
  let found: UserRecord | undefined;
  if (id !== undefined) {
    found = context.users.get(id);
    if (!found) throw fault('NoSuchUserException', `No such user ${id} in context ${context.id}`);
  }
  if (name !== undefined) {
    const byName = context.userByName(name);
    if (!byName) throw fault('NoSuchUserException', `No such user ${name} in context ${context.id}`);
    found ??= byName;
  }
  return found as UserRecord;
}

/** A user as getData returns it: every stored member plus the values OX always fills; never the password. */
export function userToWire(user: UserRecord): User {
  // A loop, not a spread: the fields object is a dictionary in V8 (decision 0190). The stored fields are the
  // plain members `create`/`change` were given; the members set below are typed.
  const fields: Obj = {};
  for (const key in user.fields) fields[key] = user.fields[key];
  const out: User = fields;
  out.aliases = [...user.aliases];
  out.contextadmin = user.contextAdmin;
  out.id = user.id;
  out.name = user.name;
  out.imapPort = user.imap.port;
  out.imapSchema = user.imap.schema;
  out.imapServer = user.imap.host;
  out.imapServerString = endpointString(user.imap);
  out.smtpPort = user.smtp.port;
  out.smtpSchema = user.smtp.schema;
  out.smtpServer = user.smtp.host;
  out.smtpServerString = endpointString(user.smtp);
  out.passwordMech = user.passwordMech;
  out.password_expired = false;
  out.mailenabled ??= true;
  out.convert_drive_user_folders ??= false;
  const folderMode = user.fields.drive_user_folder_mode;
  if (folderMode !== undefined) out.drive_folder_mode = String(folderMode);
  const attributes = attributesToWire(user.userAttributes);
  if (attributes !== undefined) out.userAttributes = attributes;
  return out;
}

/**
 * A user as list operations return it: only the id plus the members OX always writes
 * (docs/reference/ox-soap-contract.md).
 */
export function userIdOnlyToWire(user: UserRecord): User {
  return {
    contextadmin: false,
    id: user.id,
    imapPort: 143,
    imapSchema: 'imap://',
    smtpPort: 25,
    smtpSchema: 'smtp://',
    convert_drive_user_folders: false,
  };
}

/**
 * The same for the User variant of the context, group and user-copy WSDLs, which lacks the filestore, quota
 * and drive members (docs/reference/ox-soap-types.md).
 */
export function userIdOnlyToWireReduced(id: number): UserCore {
  return { contextadmin: false, id, imapPort: 143, imapSchema: 'imap://', smtpPort: 25, smtpSchema: 'smtp://' };
}
