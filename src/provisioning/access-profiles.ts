// oxmail/accessprofile → <data dir>/ModuleAccessDefinitions.properties (docs/reference/access-profiles.md).
// No SOAP call for the profile itself; when its rights (or its existence) change, every user holding it is
// re-planned, and the users handler sends changeByModuleAccess only where the rights really differ.
import { RIGHTS_UDM_TO_OX, startsLikeComment, updateAccessProfileFile } from '../config/access-profiles.js';
import { UDM_TYPES } from '../model/change.js';
import { singleString, type UdmAttributes } from '../model/values.js';
import type { StoreChange } from '../state/store.js';
import { describe, PermanentError, type ObjectHandler } from './types.js';

/** UDM right names (lower-case, as the file holds them) whose value is "TRUE" or true, as in the original. */
export function grantedRights(attrs: UdmAttributes): string[] {
  return Object.keys(RIGHTS_UDM_TO_OX)
    .filter((right) => attrs[right] === 'TRUE' || attrs[right] === true)
    .sort();
}

export const accessProfileHandler: ObjectHandler = {
  udmType: UDM_TYPES.accessProfile,
  phase: () => 'access-profiles',

  async provision(input, env): Promise<StoreChange> {
    const { change, stored } = input;
    const what = describe(change);
    const attrs = change.attributes;
    const oldName = singleString(stored?.attrs.name);
    const path = env.accessProfiles.path;

    let changed: boolean;
    let name: string | undefined;
    if (attrs === null) {
      if (oldName === undefined) return { objectId: change.objectId, object: null };
      env.log.info(`Removing accessprofile ${change.dn}`);
      changed = updateAccessProfileFile(path, oldName, null);
    } else {
      name = singleString(attrs.name)?.trim();
      if (!name) throw new PermanentError(`Cannot provision ${what}: it has no name; give the profile a name.`);
      // "=", ":", blanks and backslashes are fine: the reader splits at the last "=", as the original does, and
      // nothing is escaped. A line break, or "#"/"!" first (a comment line), cannot be held by the file
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
      env.log.info(`Changing accessprofile ${change.dn}`);
      changed = updateAccessProfileFile(path, name, grantedRights(attrs), oldName);
    }
    env.accessProfiles.reload();
    if (changed) {
      // Users holding the profile (under its old or new name) follow its rights.
      const holders = new Set([...(oldName ? env.references.usersWithProfile(oldName) : [])]);
      if (name) for (const id of env.references.usersWithProfile(name)) holders.add(id);
      for (const id of holders) env.requeue(id, `access profile ${name ?? oldName} changed`);
      if (holders.size > 0) env.log.info(`Updating module access of ${holders.size} user(s) holding the profile`);
    }
    if (attrs === null) return { objectId: change.objectId, object: null };
    return {
      objectId: change.objectId,
      object: { objectId: change.objectId, udmType: change.udmType, dn: change.dn, attrs, oxState: null },
    };
  },
};
