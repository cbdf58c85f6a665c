// The access profiles the OX Connector app creates when it is installed (docs/reference/default-access-profiles.md).
// On UCS they are oxmail/accessprofile objects and reach the connector through the queue; a data directory that
// has no ModuleAccessDefinitions.properties yet starts from them, so users with oxAccess=premium get their rights
// from the first run on (decision 0228).
import { existsSync } from 'node:fs';
import { writeFileAtomic } from './atomic-file.js';
import { formatAccessProfiles } from './access-profiles.js';

const COMMON = ['collectemailaddresses', 'multiplemailaccounts', 'subscription'];
const WEBMAIL = [...COMMON, 'contacts', 'webmail'];
const PIM = [...WEBMAIL, 'calendar', 'delegatetask', 'tasks'];
const GROUPWARE = [...PIM, 'infostore', 'editpublicfolders', 'readcreatesharedfolders'];

/** Name → UDM right names, in the order the app creates them. */
export const DEFAULT_ACCESS_PROFILES: ReadonlyMap<string, readonly string[]> = new Map([
  ['none', []],
  ['webmail', WEBMAIL],
  ['webmail_drive', [...WEBMAIL, 'infostore']],
  ['pim', PIM],
  ['pim_drive', [...PIM, 'infostore']],
  ['groupware', GROUPWARE],
  ['premium', [...GROUPWARE, 'ical', 'vcard', 'webdav', 'webdavxml', 'usm']],
]);

/**
 * Writes the default profiles to `path` when there is no file there yet; returns whether it did. An existing
 * file is never touched: it is the directory's (or the administrator's) word on the profiles.
 */
export function writeDefaultAccessProfiles(path: string): boolean {
  if (existsSync(path)) return false;
  const entries = new Map([...DEFAULT_ACCESS_PROFILES].map(([name, rights]) => [name, [...rights]]));
  writeFileAtomic(path, formatAccessProfiles(entries), 0o644);
  return true;
}
