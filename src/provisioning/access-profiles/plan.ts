// Pure planning for oxmail/accessprofile (docs/reference/access-profiles.md): the profile lives in the access-profile
// file, not in OX, so "what OX holds" is the file's text. One write when the file would change (a new profile, new
// rights, a rename, a removal), none when it already says what the directory says.
import { accessProfileFileWith, RIGHTS_UDM_TO_OX, startsLikeComment } from '../../config/access-profiles.js';
import { singleString, type UdmAttributes } from '../../model/values.js';
import type { AccessProfileOperation } from '../executor/access-profiles.js';
import { PermanentError } from '../types.js';

/** UDM right names (lower-case, as the file holds them) whose value is "TRUE" or true, as in the original. */
export function grantedRights(attrs: UdmAttributes): string[] {
  return Object.keys(RIGHTS_UDM_TO_OX)
    .filter((right) => attrs[right] === 'TRUE' || attrs[right] === true)
    .sort();
}

export interface DesiredProfile {
  name: string;
  rights: string[];
}

/** The profile as the directory object names it, with a clear error for a name the file cannot hold. */
export function desiredProfile(attrs: UdmAttributes, what: string, path: string): DesiredProfile {
  const name = singleString(attrs.name)?.trim();
  if (!name) throw new PermanentError(`Cannot provision ${what}: it has no name; give the profile a name.`);
  // "=", ":", blanks and backslashes are fine: the reader splits at the last "=", as the original does, and nothing
  // is escaped. A line break, or "#"/"!" first (a comment line), cannot be held by the file
  // (docs/reference/access-profiles.md, decision 0211).
  if (/[\r\n]/.test(name)) {
    throw new PermanentError(
      `Cannot provision ${what}: the name ${JSON.stringify(name)} contains a line break, which ${path} cannot hold; rename the profile.`,
    );
  }
  if (startsLikeComment(name)) {
    throw new PermanentError(
      `Cannot provision ${what}: the name ${JSON.stringify(name)} starts with "${name[0]}", which makes its line a comment in ${path}; rename the profile (and the oxAccess of its users) to a name that starts otherwise, then retry.`,
    );
  }
  return { name, rights: grantedRights(attrs) };
}

/**
 * `desired` null = the profile object is gone; `storedName` is the name it was last provisioned under (a rename
 * moves its line); `fileText` is what the file holds now.
 */
export function planAccessProfile(
  desired: DesiredProfile | null,
  storedName: string | undefined,
  fileText: string,
): AccessProfileOperation[] {
  if (desired === null && storedName === undefined) return [];
  const text =
    desired === null
      ? accessProfileFileWith(fileText, storedName!, null)
      : accessProfileFileWith(fileText, desired.name, desired.rights, storedName);
  if (text === fileText) return [];
  // Users holding the profile under its old or new name follow its rights.
  const holdersOf = [...new Set([storedName, desired?.name].filter((n): n is string => !!n))];
  return [{ type: 'access-profile', op: 'write', text, holdersOf, profile: desired?.name ?? storedName! }];
}
