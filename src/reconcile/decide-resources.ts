// Adapter between reconciliation and the resources' planner (resources/plan.ts): the OX resource a directory
// resource should be (desiredFields, as provisioning) and which of its fields OX holds differently (planResource
// against OX's record).
import { UDM_TYPES } from '../model/change.js';
import type { Resource } from '../ox/types.js';
import { oxContextId } from '../provisioning/context-attribute.js';
import { desiredFields, planResource, type ResourceFields } from '../provisioning/resources/plan.js';
import { resourceReadBack } from '../provisioning/resources/read-back.js';
import type { DirectoryObject } from './directory-object.js';

export interface WantedResource {
  contextId: number;
  fields: ResourceFields;
}

export function wantedResource(obj: DirectoryObject): WantedResource | undefined {
  if (obj.udmType !== UDM_TYPES.resource) return undefined;
  const what = `${obj.udmType} ${obj.dn}`;
  const contextId = oxContextId(obj.attrs, what);
  if (contextId === undefined) return undefined;
  return { contextId, fields: desiredFields(obj.attrs, what) };
}

/**
 * The fields of the resource OX holds that differ from the directory: the resources' planner (planResource) plans
 * against OX's record as if it were the stored state, so its change names exactly those fields.
 */
export function resourceFieldsThatDiffer(obj: DirectoryObject, wanted: WantedResource, ox: Resource): string[] {
  const prev = resourceReadBack(wanted.contextId, ox);
  const change = { objectId: obj.objectId, udmType: obj.udmType, dn: obj.dn, attributes: obj.attrs };
  const plan = planResource({ ...change, options: [], source: 'reconcile' }, prev);
  if (plan.skip) return [];
  const fields = new Set<string>();
  for (const op of plan.ops) {
    if (op.op === 'change') for (const key of Object.keys(op.diff)) fields.add(key);
  }
  return [...fields].sort();
}
