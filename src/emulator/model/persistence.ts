// The model as JSON (the snapshot of the emulator's --state FILE) and back. Indexes are not stored; they are rebuilt.
import { moduleAccessFromWire } from './module-access.js';
import {
  ContextStore,
  Registry,
  type AccountRecord,
  type ContextRecord,
  type DeputyState,
  type ResourceRecord,
  type UserRecord,
} from './store.js';

const FORMAT = 'ox-emulator-state';
const VERSION = 1;

interface SavedContext {
  data: ContextRecord;
  users: UserRecord[];
  groups: Array<{ id: number; name: string; displayname: string; members: number[] }>;
  resources: ResourceRecord[];
  accounts: AccountRecord[];
  /** Absent in states saved before deputy permissions were emulated. */
  deputies?: DeputyState[];
}

export interface SavedState {
  format: typeof FORMAT;
  version: number;
  contexts: SavedContext[];
  /**
   * The last entry of the --state journal this snapshot contains (src/emulator/state-file.ts): entries up to it
   * are not replayed again. Absent in snapshots written before the journal existed, which means 0.
   */
  journalSeq?: number;
}

export function registryToJSON(registry: Registry): SavedState {
  const contexts: SavedContext[] = [];
  for (const context of [...registry.contexts.values()].sort((a, b) => a.id - b.id)) {
    contexts.push({
      data: structuredClone(context.data),
      users: [...context.users.values()].map((u) => structuredClone(u)),
      groups: [...context.groups.values()].map((g) => ({
        id: g.id,
        name: g.name,
        displayname: g.displayname,
        members: [...g.members],
      })),
      resources: [...context.resources.values()].map((r) => structuredClone(r)),
      accounts: [...context.accounts.values()].flat().map((a) => ({ ...a })),
      deputies: [...context.deputies.values()].map((d) => structuredClone(d)),
    });
  }
  return { format: FORMAT, version: VERSION, contexts };
}

export function registryFromJSON(input: unknown): Registry {
  const state = input as Partial<SavedState> | null;
  if (!state || state.format !== FORMAT || !Array.isArray(state.contexts)) {
    throw new Error(
      `Not an OX emulator state (expected an object with format "${FORMAT}"); start without --state or fix the file.`,
    );
  }
  if (state.version !== VERSION)
    throw new Error(`OX emulator state version ${String(state.version)} is not supported (expected ${VERSION}).`);
  const registry = new Registry();
  for (const saved of state.contexts) {
    const context = new ContextStore(structuredClone(saved.data));
    // Users first: group 1 is added after them with its saved member list.
    for (const u of [...saved.users].sort((a, b) => a.id - b.id)) {
      context.addUser({ ...structuredClone(u), access: moduleAccessFromWire(u.access) });
    }
    for (const g of saved.groups)
      context.addGroup({ id: g.id, name: g.name, displayname: g.displayname, members: new Set(g.members) });
    for (const r of saved.resources) context.addResource(structuredClone(r));
    for (const a of saved.accounts) {
      const list = context.accounts.get(a.userId) ?? [];
      list.push({ ...a });
      context.accounts.set(a.userId, list);
    }
    for (const d of saved.deputies ?? []) context.deputies.set(d.grantorId, structuredClone(d));
    registry.add(context);
  }
  return registry;
}
