// How a field the directory leaves empty or drops is cleared in OX, element by element (decision 0210,
// docs/reference/ox-user-fields.md). Used by desiredUser (fields.ts) and by the differences (field-differences.ts).
import { CLEARABLE_USER_PROPERTIES, soapUserElement } from '../../config/attribute-mapping.js';
import { OX_TYPES } from '../../ox/index.js';
import type { User } from '../../ox/types.js';

/**
 * String elements of the OX User that are not contact data: OX ignores them on input, derives them, or an empty
 * value would not mean "none" (login, password, language, folder names, mail endpoints). Everything else of
 * type string is cleared by sending "" (docs/reference/ox-user-fields.md).
 */
const STRINGS_NOT_CLEARED_BY_EMPTY: ReadonlySet<string> = new Set([
  'name',
  'password',
  'passwordMech',
  'language',
  'timezone',
  'defaultSenderAddress',
  'imapServer',
  'imapSchema',
  'imapServerString',
  'smtpServer',
  'smtpSchema',
  'smtpServerString',
  'filestore_name',
  'drive_user_folder_mode',
  'drive_folder_mode',
  'primaryAccountName',
  'mail_folder_confirmed_ham_name',
  'mail_folder_confirmed_spam_name',
  'mail_folder_drafts_name',
  'mail_folder_sent_name',
  'mail_folder_spam_name',
  'mail_folder_trash_name',
  'mail_folder_archive_full_name',
]);

/** Single-valued string elements of the OX User, from the one schema (docs/reference/ox-soap-types.md). */
const USER_STRING_ELEMENTS: ReadonlySet<string> = new Set(
  (OX_TYPES.User.members as readonly (readonly string[])[])
    .filter((m) => m[1] === 'string' && !m.includes('many'))
    .map((m) => m[0]),
);

/** Whether a mapped element left empty in the directory is sent as "" (OX stores "" and so holds no value). */
export function clearedByEmpty(element: string): boolean {
  return USER_STRING_ELEMENTS.has(element) && !STRINGS_NOT_CLEARED_BY_EMPTY.has(element);
}

/**
 * Elements that are not strings but can still be cleared: sent with this value when the directory drops a value
 * the connector provisioned (not at creation, where there is nothing to clear). An empty image1 is an empty
 * picture; maxQuota -1 is "no quota of its own" (docs/reference/ox-user-fields.md).
 */
export const CLEAR_WHEN_DROPPED: Readonly<Record<string, unknown>> = { image1: '', maxQuota: -1 };

/**
 * Elements OX offers no way to unset over SOAP (nil and absent both mean "unchanged", and "" is no valid date):
 * when the directory drops them, OX keeps the old value. usedQuota is left out: OX computes it and ignores input.
 */
export const NOT_CLEARABLE_IN_OX: ReadonlySet<keyof User> = new Set(['birthday', 'anniversary']);

/** The SOAP elements of the "E" properties, in the order of CLEARABLE_USER_PROPERTIES. */
export const CLEARABLE_ELEMENTS: readonly string[] = [...CLEARABLE_USER_PROPERTIES].map((p) => soapUserElement(p));
