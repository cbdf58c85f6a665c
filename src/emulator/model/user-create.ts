// Creating an OX user (docs/reference/ox-soap-contract.md, "Users"): the mandatory fields, the defaults OX fills in
// and the checks in OX's order. Shared by the three user creates and by context create (its admin user).
import type { ModelEnv } from './env.js';
import { invalidData } from './faults.js';
import { copyAccess, type ModuleAccess } from './module-access.js';
import type { ContextStore, UserRecord } from './store.js';
import { plainMembers } from './user-records.js';
import {
  DEFAULT_IMAP,
  DEFAULT_SMTP,
  checkFolderMode,
  checkLanguage,
  checkMailAddress,
  checkPasswordMech,
  checkTimezone,
  checkUserNameChars,
  mergeAttributes,
  parseEndpoint,
} from './user-values.js';
import { asList, bool, int, lc, nonEmpty, str, type Obj } from './values.js';

const MANDATORY_USER_FIELDS = [
  'name',
  'display_name',
  'password',
  'given_name',
  'sur_name',
  'primaryEmail',
  'email1',
] as const;

/** Mail folder names OX's AdminUser.properties gives a new en_US user's primary account. */
const DEFAULT_MAIL_FOLDERS: Record<string, string> = {
  mail_folder_drafts_name: 'Drafts',
  mail_folder_sent_name: 'Sent',
  mail_folder_spam_name: 'Spam',
  mail_folder_trash_name: 'Trash',
  mail_folder_confirmed_spam_name: 'confirmed-spam',
  mail_folder_confirmed_ham_name: 'confirmed-ham',
};

/** Names of mandatory user fields that are missing or empty, in OX's order. */
export function missingMandatoryUserFields(usrdata: Obj): string[] {
  return MANDATORY_USER_FIELDS.filter((key) => nonEmpty(usrdata, key) === undefined);
}

/** Adds `address` to `aliases` unless an equal address (case-insensitive) is already there. */
function addAlias(aliases: string[], address: string): void {
  const key = lc(address);
  if (!aliases.some((a) => lc(a) === key)) aliases.push(address);
}

/** The aliases of a request, blank ones dropped and equal ones (case-insensitive) once. */
export function aliasesFromWire(value: unknown): string[] | undefined {
  const list = asList(value);
  if (list === undefined || list.length === 0) return undefined;
  const aliases: string[] = [];
  // Blank entries are dropped, as OX's alias storage does.
  for (const item of list) if (typeof item === 'string' && item.trim() !== '') addAlias(aliases, item);
  return aliases;
}

/**
 * Builds a new user the way OX's create does (docs/reference/ox-soap-contract.md), checks in OX's order, and stores
 * it. Used by user create (all three variants) and by context create for the admin user.
 */
export function createUser(
  env: ModelEnv,
  context: ContextStore,
  usrdata: Obj,
  access: ModuleAccess,
  opts: { id?: number; contextAdmin?: boolean; mandatoryMessage?: string } = {},
): UserRecord {
  const language = checkLanguage(nonEmpty(usrdata, 'language') ?? 'en_US', false);
  const timezone = checkTimezone(nonEmpty(usrdata, 'timezone') ?? env.options.defaultTimezone);
  const passwordMech = checkPasswordMech(nonEmpty(usrdata, 'passwordMech') ?? env.options.defaultPasswordMech);

  if (str(usrdata, 'password') === '') throw invalidData('Empty password is not allowed.');
  const missing = missingMandatoryUserFields(usrdata);
  if (missing.length > 0)
    throw invalidData(`${opts.mandatoryMessage ?? 'Mandatory fields not set'}: [${missing.join(', ')}]`);

  const name = str(usrdata, 'name') as string;
  const displayName = str(usrdata, 'display_name') as string;
  const primaryEmail = str(usrdata, 'primaryEmail') as string;
  const email1 = str(usrdata, 'email1') as string;

  if (env.options.uniqueDisplayNames && context.displayNameInUse(displayName))
    throw invalidData('The displayname is already used');
  if (env.options.checkUserNameChars) checkUserNameChars(name);

  const aliases = aliasesFromWire(usrdata.aliases) ?? [];
  for (const key of ['primaryEmail', 'email1', 'email2', 'email3', 'defaultSenderAddress']) {
    const address = nonEmpty(usrdata, key);
    if (address !== undefined) checkMailAddress(address);
  }
  for (const alias of aliases) checkMailAddress(alias);
  if (primaryEmail !== email1) throw invalidData('primarymail must have the same value as email1');

  const defaultSender = nonEmpty(usrdata, 'defaultSenderAddress') ?? primaryEmail;
  addAlias(aliases, defaultSender);
  addAlias(aliases, primaryEmail);

  if (context.userByName(name)) throw invalidData(`User ${name} already exists in this context`);
  const holder = context.userByPrimaryMail(primaryEmail);
  if (holder) {
    throw invalidData(
      `Primary mail address "${primaryEmail}" already exists in context ${context.id} (Already assigned to user ${holder.id}).`,
    );
  }

  const fields = plainMembers(usrdata, { ...DEFAULT_MAIL_FOLDERS });
  fields.language = language;
  fields.timezone = timezone;
  fields.defaultSenderAddress = defaultSender;
  fields.mailenabled = bool(usrdata, 'mailenabled') ?? true;
  const folderMode = nonEmpty(usrdata, 'drive_user_folder_mode') ?? nonEmpty(usrdata, 'drive_folder_mode');
  if (folderMode !== undefined) fields.drive_user_folder_mode = checkFolderMode(folderMode);
  const filestoreId = int(usrdata, 'filestoreId');
  if (filestoreId !== undefined && filestoreId > 0) fields.filestoreId = filestoreId;

  const userAttributes = {};
  mergeAttributes(userAttributes, usrdata.userAttributes);
  // com.openexchange.imap.initWithSpecialUse is on by default; OX records that it asked for special-use folders.
  mergeAttributes(userAttributes, {
    entries: [
      { key: 'config', value: { entries: [{ key: 'com.openexchange.mail.specialuse.check', value: 'true' }] } },
    ],
  });

  const imapServer = nonEmpty(usrdata, 'imapServer');
  const smtpServer = nonEmpty(usrdata, 'smtpServer');
  const user: UserRecord = {
    id: opts.id ?? context.nextPrincipalId(),
    name,
    fields,
    aliases,
    password: str(usrdata, 'password') as string,
    passwordMech,
    imap: imapServer !== undefined ? parseEndpoint('imap', imapServer, int(usrdata, 'imapPort')) : { ...DEFAULT_IMAP },
    smtp: smtpServer !== undefined ? parseEndpoint('smtp', smtpServer, int(usrdata, 'smtpPort')) : { ...DEFAULT_SMTP },
    userAttributes,
    access: copyAccess(access),
    contextAdmin: opts.contextAdmin ?? false,
    capabilities: [],
  };
  context.addUser(user);
  return user;
}
