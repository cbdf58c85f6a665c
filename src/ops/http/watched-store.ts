// What the HTTP endpoints read on each request: the runner's own store connection and the queue directory
// (one process, one connection: better-sqlite3 is synchronous, so a request never sees half a commit).
import type { PolicyStore } from '../../state/policy-store.js';
import type { StateStore } from '../../state/store.js';

export interface WatchedStore {
  dataDir: string;
  queueDir: string;
  store: StateStore;
  policy: PolicyStore;
}
