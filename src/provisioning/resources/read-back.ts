// OX's record of a resource as a planning base: the state planResource would have stored, so that planning against
// it (check-sync-status, reconcile) plans a change of exactly the fields OX holds differently. Pure: no I/O.
import type { Resource } from '../../ox/types.js';
import type { ResourceOxState } from './plan.js';

export function resourceReadBack(contextId: number, ox: Resource): ResourceOxState {
  return {
    contextId,
    oxId: typeof ox.id === 'number' ? ox.id : 0,
    fields: {
      name: String(ox.name ?? ''),
      displayname: String(ox.displayname ?? ''),
      email: String(ox.email ?? ''),
      // An empty description reads back as absent.
      description: String(ox.description ?? ''),
    },
  };
}
