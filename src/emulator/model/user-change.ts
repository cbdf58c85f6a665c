// Changing an OX user (docs/reference/ox-soap-contract.md, "Users"): login-name change, values checked as at
// create, the filestore and quota rules, and the address rules of a change.
import type { ModelEnv } from './env.js';
import { fault, invalidData } from './faults.js';
import type { ContextStore, UserRecord } from './store.js';
import { aliasesFromWire } from './user-create.js';
import { copyUserRecord, plainMembers } from './user-records.js';
import { compactUser } from './compact-user.js';
import {
  checkFolderMode,
  checkLanguage,
  checkMailAddress,
  checkPasswordMech,
  checkTimezone,
  checkUserNameChars,
  mergeAttributes,
  parseEndpoint,
} from './user-values.js';
import { asList, int, lc, nonEmpty, str, type Obj } from './values.js';

/**
 * OXUserService.change: checks everything in OX's order on a copy of the user and swaps it in only when all
 * passed (docs/reference/ox-soap-contract.md).
 */
export function changeUser(env: ModelEnv, context: ContextStore, user: UserRecord, usrdata: Obj): void {
  const options = env.options;
  // Work on a copy and swap it in only when every check passed: a refused change leaves the user as it was.
  const next: UserRecord = copyUserRecord(user);

  const newName = nonEmpty(usrdata, 'name');
  if (newName !== undefined && newName !== user.name) {
    if (!options.allowLoginNameChange) throw invalidData('Changing username is disabled!');
    if (options.checkUserNameChars) checkUserNameChars(newName);
    const other = context.userByName(newName);
    if (other && other.id !== user.id) throw invalidData(`User ${newName} already exists in this context`);
    next.name = newName;
  }

  const language = nonEmpty(usrdata, 'language');
  if (language !== undefined) next.fields.language = checkLanguage(language, true);
  const timezone = nonEmpty(usrdata, 'timezone');
  if (timezone !== undefined) next.fields.timezone = checkTimezone(timezone);
  const mech = nonEmpty(usrdata, 'passwordMech');
  if (mech !== undefined) next.passwordMech = checkPasswordMech(mech);
  const folderMode = nonEmpty(usrdata, 'drive_user_folder_mode') ?? nonEmpty(usrdata, 'drive_folder_mode');
  if (folderMode !== undefined) next.fields.drive_user_folder_mode = checkFolderMode(folderMode);

  const filestoreId = int(usrdata, 'filestoreId');
  if (filestoreId !== undefined && filestoreId !== (user.fields.filestoreId ?? 0)) {
    throw invalidData(
      `Not allowed to change the filestore for user ${user.id} in context ${context.id}. Please use appropriate method instead.`,
    );
  }
  const maxQuota = int(usrdata, 'maxQuota');
  if (
    maxQuota !== undefined &&
    maxQuota !== -1 &&
    user.fields.filestoreId === undefined &&
    !options.allowQuotaWithoutFilestore
  ) {
    throw fault(
      'StorageException',
      `Quota cannot be changed for user ${user.id} in context ${context.id} since that user has no file storage set. See "ALLOW_CHANGING_QUOTA_IF_NO_FILESTORE_SET".`,
    );
  }

  plainMembers(usrdata, next.fields);
  next.fields.language = language !== undefined ? language : user.fields.language;
  if (timezone === undefined) next.fields.timezone = user.fields.timezone;

  checkMailChange(env, context, user, next, usrdata);

  if (options.uniqueDisplayNames) {
    const displayName = str(usrdata, 'display_name');
    if (displayName !== undefined && context.displayNameInUse(displayName, user))
      throw invalidData('The displayname is already used');
  }

  const password = str(usrdata, 'password');
  if (password !== undefined && password !== '') next.password = password;
  const imapServer = nonEmpty(usrdata, 'imapServer');
  if (imapServer !== undefined) next.imap = parseEndpoint('imap', imapServer, int(usrdata, 'imapPort'));
  const smtpServer = nonEmpty(usrdata, 'smtpServer');
  if (smtpServer !== undefined) next.smtp = parseEndpoint('smtp', smtpServer, int(usrdata, 'smtpPort'));
  mergeAttributes(next.userAttributes, usrdata.userAttributes);

  context.unindexUser(user);
  Object.assign(user, compactUser(next));
  context.indexUser(user);
}

/** The address rules of user change (docs/reference/ox-soap-contract.md); sets the new addresses on `next`. */
function checkMailChange(env: ModelEnv, context: ContextStore, user: UserRecord, next: UserRecord, usrdata: Obj): void {
  const primary = str(usrdata, 'primaryEmail');
  const email1 = str(usrdata, 'email1');
  const sender = str(usrdata, 'defaultSenderAddress');
  const aliases =
    asList(usrdata.aliases) !== undefined && (asList(usrdata.aliases) as unknown[]).length > 0
      ? (aliasesFromWire(usrdata.aliases) ?? [])
      : undefined;
  for (const key of ['email2', 'email3']) {
    const address = nonEmpty(usrdata, key);
    if (address !== undefined) checkMailAddress(address);
  }
  if (aliases !== undefined) next.aliases = aliases;
  const touched = primary !== undefined || email1 !== undefined || sender !== undefined || aliases !== undefined;
  if (!touched) return;

  const checked = !user.contextAdmin || env.options.adminMailChecks;
  if (checked) {
    const storedPrimary = String(user.fields.primaryEmail ?? '');
    if (primary !== undefined && env.options.primaryMailUnchangeable && lc(primary) !== lc(storedPrimary)) {
      throw invalidData('primary mail must not be changed');
    }
    if (primary !== undefined && email1 === undefined) throw invalidData('email1 not sent but required!');
    if (primary !== undefined && email1 !== undefined && lc(primary) !== lc(email1))
      throw invalidData('email1 not equal with primarymail!');
    for (const address of [primary, email1, sender, ...(aliases ?? [])])
      if (address !== undefined) checkMailAddress(address);
    const effective = [
      primary ?? storedPrimary,
      email1 ?? String(user.fields.email1 ?? ''),
      sender ?? String(user.fields.defaultSenderAddress ?? ''),
    ];
    const aliasKeys = new Set((aliases ?? user.aliases).map(lc));
    if (effective.some((address) => address !== '' && !aliasKeys.has(lc(address)))) {
      throw invalidData('primaryMail, Email1 and defaultSenderAddress must be present in set of aliases.');
    }
  }
  if (primary !== undefined) {
    const holder = context.userByPrimaryMail(primary);
    if (holder && holder.id !== user.id) {
      throw invalidData(
        `Primary mail address "${primary}" already exists in context ${context.id} (Already assigned to user ${holder.id}).`,
      );
    }
  }
}
