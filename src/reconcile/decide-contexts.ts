// Adapter between reconciliation and the contexts' planner (contexts/plan.ts desiredContext, planContext): the name
// and quota a directory context object wants for its OX context, compared with what OX holds there as if OX's
// context were the stored state.
import { UDM_TYPES } from '../model/change.js';
import type { Context } from '../ox/types.js';
import { desiredContext, planContext, type DesiredContext } from '../provisioning/contexts/plan.js';
import type { DirectoryObject } from './directory-object.js';

/** The OX context a directory object stands for; undefined for any other object. */
export function wantedContext(obj: DirectoryObject): DesiredContext | undefined {
  if (obj.udmType !== UDM_TYPES.context) return undefined;
  return desiredContext(obj.attrs, `${obj.udmType} ${obj.dn}`);
}

/** The OX field names (`name`, `maxQuota`) the planner would change in OX's context `ox`. */
export function contextFieldsThatDiffer(wanted: DesiredContext, ox: Context): string[] {
  const previous = {
    contextId: wanted.contextId,
    name: String(ox.name ?? ''),
    // OX's "unlimited" may come back absent; the planner writes it -1.
    maxQuota: typeof ox.maxQuota === 'number' ? ox.maxQuota : -1,
  };
  const fields: string[] = [];
  for (const op of planContext(wanted, previous, wanted.contextId)) {
    if (op.op !== 'change') continue;
    if (op.name !== previous.name) fields.push('name');
    if (op.maxQuota !== previous.maxQuota) fields.push('maxQuota');
  }
  return fields;
}
