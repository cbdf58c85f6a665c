// Shared vocabulary of the provisioning room: phases, handler contract, errors.
import type { Settings } from '../config/settings.js';
import type { CredentialsStore } from '../config/credentials.js';
import type { AccessProfiles } from '../config/access-profiles.js';
import type { AttributeMappingFile } from '../config/attribute-mapping.js';
import type { ChangeRecord } from '../model/change.js';
import type { StateStore, StoredObject, StoreChange } from '../state/store.js';
import type { Logger } from '../ops/log.js';
import type { OxApi } from './ox-port.js';
import type { ReferencesPort } from './references-port.js';

/** Processing phases, in order (DESIGN principle 4). Inside a phase objects are independent. */
export const PHASES = [
  'contexts',
  'access-profiles',
  'users',
  'groups',
  'functional-accounts',
  'resources',
  'deputy-permissions',
  'context-deletions',
] as const;
export type Phase = (typeof PHASES)[number];

export interface ProvisioningEnv {
  ox: OxApi;
  settings: Settings;
  credentials: CredentialsStore;
  accessProfiles: AccessProfiles;
  attributeMapping: AttributeMappingFile;
  store: StateStore;
  /** References between stored objects (member DNs, referrers, deputy grants), without SQL. */
  references: ReferencesPort;
  log: Logger;
  /** Ask the engine to provision another object again from its stored state (e.g. a user's groups). */
  requeue(objectId: string, reason: string): void;
}

/** One object's change as a handler sees it. */
export interface ProvisionInput {
  change: ChangeRecord;
  /** Last provisioned state, if any. */
  stored: StoredObject | undefined;
}

/**
 * What one object can wait for another by (the engine holds a change back behind a parked or failed object it
 * needs, DESIGN principle 5): an OX context (by id), or a user (by DN, as groups and functional accounts name
 * their members in their `users` property).
 */
export type Dependency = 'contexts' | 'users';

export interface ObjectHandler {
  udmType: string;
  phase(input: ProvisionInput): Phase;
  /** What an object of this type stands for that others may need: its context (contextProvided says which), or a user (its DN). */
  provides?: readonly Dependency[];
  /** What a change of this type waits for: contexts (contextsNeeded says which), or the users its `users` property names. */
  needs?: readonly Dependency[];
  /** OX contexts this change needs to exist (used to hold it back when such a context failed). */
  contextsNeeded?(input: ProvisionInput): number[];
  /** The OX context this object itself stands for (contexts only). */
  contextProvided?(input: ProvisionInput): number | undefined;
  /** Brings OX in line with input.change and returns what to commit to the store. */
  provision(input: ProvisionInput, env: ProvisioningEnv): Promise<StoreChange>;
}

/**
 * An error an administrator must act on (bad data, a setting that makes the object impossible, OX rejecting it).
 * Retrying without a change does not help, so the object is parked.
 */
export class PermanentError extends Error {
  override name = 'PermanentError';
}

/** Describes an object for messages: type, DN, id. */
export function describe(change: ChangeRecord): string {
  return `${change.udmType} ${change.dn} (id ${change.objectId})`;
}
