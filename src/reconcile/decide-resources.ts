// Adapter between reconciliation and the resources' planning code: the OX resource a directory resource should
// be (resources.ts desiredFields, as provisioning) and which of its fields OX holds differently. When the
// resources' pure planner lands, only this file changes.
import { UDM_TYPES } from '../model/change.js';
import type { Resource } from '../ox/types.js';
import { oxContextId } from '../provisioning/context-attribute.js';
import { desiredFields, type ResourceFields } from '../provisioning/resources/plan.js';
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

export function resourceFieldsThatDiffer(wanted: WantedResource, ox: Resource): string[] {
  const read = ox as Record<string, unknown>;
  const differ: string[] = [];
  for (const key of Object.keys(wanted.fields) as (keyof ResourceFields)[]) {
    const want = wanted.fields[key];
    const have = read[key];
    // An empty description reads back as absent.
    if ((want ?? '') !== (have ?? '')) differ.push(key);
  }
  return differ.sort();
}
