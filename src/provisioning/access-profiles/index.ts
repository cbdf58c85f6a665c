// oxmail/accessprofile → <data dir>/ModuleAccessDefinitions.properties (docs/reference/access-profiles.md).
// No SOAP call for the profile itself; when its rights (or its existence) change, every user holding it is
// re-planned, and the users handler sends changeByModuleAccess only where the rights really differ. Decided in
// plan.ts from the file's text, carried out by executor/access-profiles.ts.
import { readAccessProfileFile } from '../../config/access-profiles.js';
import { UDM_TYPES } from '../../model/change.js';
import { singleString } from '../../model/values.js';
import type { StoreChange } from '../../state/store.js';
import { execute } from '../executor/execute.js';
import { describe, type ObjectHandler } from '../types.js';
import { desiredProfile, planAccessProfile } from './plan.js';

export const accessProfileHandler: ObjectHandler = {
  udmType: UDM_TYPES.accessProfile,
  phase: () => 'access-profiles',

  async provision(input, env): Promise<StoreChange> {
    const { change, stored } = input;
    const attrs = change.attributes;
    const oldName = singleString(stored?.attrs.name);
    const path = env.accessProfiles.path;

    if (attrs === null && oldName === undefined) return { objectId: change.objectId, object: null };
    const desired = attrs === null ? null : desiredProfile(attrs, describe(change), path);
    env.log.info(`${desired === null ? 'Removing' : 'Changing'} accessprofile ${change.dn}`);
    await execute(planAccessProfile(desired, oldName, readAccessProfileFile(path)), { env, change });

    if (attrs === null) return { objectId: change.objectId, object: null };
    return {
      objectId: change.objectId,
      object: { objectId: change.objectId, udmType: change.udmType, dn: change.dn, attrs, oxState: null },
    };
  },
};
