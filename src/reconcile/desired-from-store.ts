// `--from store`: the desired state is the last directory state the connector has seen of every object, as the
// store recorded it. Streamed: one object in memory at a time.
import type { StateStore } from '../state/store.js';
import type { DesiredSource, DirectoryObject } from './directory-object.js';

export function desiredFromStore(store: StateStore): DesiredSource {
  return {
    *objects(): Iterable<DirectoryObject> {
      for (const id of store.objectIds()) {
        const obj = store.getObject(id);
        if (obj) yield obj;
      }
    },
    get: (objectId) => store.getObject(objectId),
  };
}
