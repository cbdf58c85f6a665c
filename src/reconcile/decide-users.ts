// Adapter between reconciliation and the users' planner: what a directory user should be in OX (users/fields.ts
// desiredUser, as planUser builds it) and which OX fields differ (users/plan.ts planUserUpdate against OX's
// read-back, users/read-back.ts).
import type { AttributeMapping } from '../config/attribute-mapping.js';
import { loadSettings, type Settings } from '../config/settings.js';
import { UDM_TYPES } from '../model/change.js';
import { isOkOrTrue } from '../model/values.js';
import type { User } from '../ox/types.js';
import { oxContextId } from '../provisioning/context-attribute.js';
import { desiredUser, type FieldsByName, type UserFields } from '../provisioning/users/fields.js';
import { planUserUpdate, type UserOxState } from '../provisioning/users/plan.js';
import { readBackFields, sameReadBack } from '../provisioning/users/read-back.js';
import type { DirectoryObject } from './directory-object.js';

export interface WantedUser {
  contextId: number;
  name: string;
  fields: UserFields;
}

/** The OX user this directory object should be, or undefined when it should be none (no OX user, no context). */
export function wantedUser(
  obj: DirectoryObject,
  mapping: AttributeMapping,
  settings: Settings,
): WantedUser | undefined {
  if (obj.udmType !== UDM_TYPES.user || !isOkOrTrue(obj.attrs.isOxUser)) return undefined;
  const what = `${obj.udmType} ${obj.dn}`;
  const stored = obj.oxState?.contextId;
  // As provisioning: without oxContext a provisioned user stays in the context it was provisioned in.
  const contextId = oxContextId(obj.attrs, what) ?? (typeof stored === 'number' ? stored : undefined);
  if (contextId === undefined) return undefined;
  const desired = desiredUser(obj.attrs, obj.objectId, mapping, settings, what);
  return { contextId, name: desired.name, fields: desired.fields };
}

/** Only a planned re-create reads settings (language, timezone), and reconcile reports no such field. */
let defaultSettings: Settings | undefined;

/**
 * The OX field names of `ox` that differ from `wanted`: the users' planner (planUserUpdate) plans the change
 * against OX's read-back as if it were the stored state, so its change names exactly the fields OX holds
 * differently, with the fields OX checks together. Module access is not read back, so not compared (access null).
 * A default sender address the plan would only send again as OX holds it is no difference.
 */
export function userFieldsThatDiffer(wanted: WantedUser, ox: User, settings?: Settings): string[] {
  const base: UserOxState = {
    contextId: wanted.contextId,
    oxId: typeof ox.id === 'number' ? ox.id : 0,
    oxName: String(ox.name ?? wanted.name),
    fields: readBackFields(wanted.fields, wanted.name, ox),
    access: null,
  };
  const want = { name: wanted.name, fields: wanted.fields, access: null };
  const plan = planUserUpdate(base, want, settings ?? (defaultSettings ??= loadSettings({})), ox, wanted.name);
  if ('read' in plan) throw new Error(`Planning OX user ${wanted.name} asked for OX's record it was given`);
  const read: FieldsByName = ox;
  const fields = new Set<string>();
  for (const op of plan.ops) {
    const sent: FieldsByName = op.usrdata ?? {};
    for (const key in sent) {
      if (key === 'defaultSenderAddress' && sameReadBack(sent[key], read[key])) continue;
      fields.add(key);
    }
  }
  return [...fields].sort();
}
