// Adapter between reconciliation and the access profiles' planner (access-profiles/plan.ts desiredProfile,
// planAccessProfile — the code provisioning runs). A profile lives in the connector's file
// ModuleAccessDefinitions.properties, not in OX (docs/reference/access-profiles.md): what "OX holds" is the file's
// text, and a profile belongs to no context, so its actions carry context 0. Lines no directory profile has are not
// orphans: the file may hold profiles the administrator wrote by hand.
import { join } from 'node:path';
import { ACCESS_PROFILE_FILE, readAccessProfileFile, readProfileEntries } from '../config/access-profiles.js';
import { UDM_TYPES } from '../model/change.js';
import { desiredProfile, planAccessProfile } from '../provisioning/access-profiles/plan.js';
import type { DirectoryObject, DesiredSource } from './directory-object.js';
import type { ReconcileAction } from './types.js';

/** The context number access-profile actions carry: they are in no OX context. */
export const NO_CONTEXT = 0;

export function isAccessProfile(obj: DirectoryObject): boolean {
  return obj.udmType === UDM_TYPES.accessProfile;
}

export interface ProfilePlan {
  actions: ReconcileAction[];
  unchanged: number;
  warnings: string[];
}

/** One action per directory profile the file would change for: `create` when it lacks the line, else `change`. */
export function accessProfileActions(
  profiles: readonly { objectId: string; dn: string }[],
  source: DesiredSource,
  dataDir: string,
): ProfilePlan {
  const path = join(dataDir, ACCESS_PROFILE_FILE);
  const text = readAccessProfileFile(path);
  const inFile = readProfileEntries(text);
  const plan: ProfilePlan = { actions: [], unchanged: 0, warnings: [] };
  for (const entry of profiles) {
    const obj = source.get(entry.objectId);
    if (!obj) continue;
    try {
      const desired = desiredProfile(obj.attrs, `${obj.udmType} ${obj.dn}`, path);
      if (planAccessProfile(desired, undefined, text).length === 0) {
        plan.unchanged++;
        continue;
      }
      const base = { kind: 'access_profile' as const, context: NO_CONTEXT, name: desired.name, dn: obj.dn };
      const action: ReconcileAction = inFile.has(desired.name)
        ? { op: 'change', ...base, fields: ['rights'], objectId: obj.objectId }
        : { op: 'create', ...base, objectId: obj.objectId };
      plan.actions.push(action);
    } catch (err) {
      // The same refusal provisioning parks the profile with: named, and left out of the plan.
      plan.warnings.push(`${obj.udmType} ${obj.dn}: ${(err as Error).message}`);
    }
  }
  return plan;
}
