// A Provisioning API message (docs/reference/nubus-provisioning-api.md "Message") turned into the change record a
// UCS queue file carries: create, modify and move become the new state, delete becomes `object: null` under the
// old DN. The object is keyed on properties.univentionObjectIdentifier; `id`/`uuid` differ between versions and
// between prefill and live events, so `uuid` (entryUUID) is only the fallback of older transformers (decision 0316).
import { UDM_TYPES } from '../../model/change.js';
import type { QueueRecord } from '../ldap/queue-writer.js';
import type { UdmObject, UdmObjectType } from '../ldap/object-model.js';

export interface ProvisioningMessage {
  publisher_name?: string;
  ts?: string;
  realm: string;
  topic: string;
  body: { old?: Record<string, unknown> | null; new?: Record<string, unknown> | null };
  sequence_number: number;
  num_delivered?: number;
}

export type ChangeKind = 'create' | 'modify' | 'move' | 'delete';

export type Conversion =
  | { kind: ChangeKind; record: QueueRecord }
  /** A topic the connector does not provision: acknowledged and counted. */
  | { kind: 'irrelevant' }
  /** Relevant, but no record can be made (no identifier, no DN): `problem` says what to do. */
  | { kind: 'unusable'; problem: string };

const PROVISIONED_TOPICS: ReadonlySet<string> = new Set(Object.values(UDM_TYPES));

/** The UDM modules the connector subscribes to (the others are acknowledged unread). */
export const NUBUS_TOPICS: readonly string[] = Object.values(UDM_TYPES);

function isSet(object: Record<string, unknown> | null | undefined): object is Record<string, unknown> {
  return object !== null && object !== undefined && Object.keys(object).length > 0;
}

function objectIdOf(object: Record<string, unknown>): string | undefined {
  const properties = (object.properties ?? {}) as Record<string, unknown>;
  const identifier = properties.univentionObjectIdentifier;
  if (typeof identifier === 'string' && identifier !== '') return identifier;
  return typeof object.uuid === 'string' && object.uuid !== '' ? object.uuid : undefined;
}

/** UDM options come as {name: true|false}; a queue file lists the enabled names. */
function enabledOptions(options: unknown): string[] {
  if (Array.isArray(options)) return options.map(String);
  if (options === null || typeof options !== 'object') return [];
  return Object.entries(options as Record<string, unknown>)
    .filter(([, on]) => on === true)
    .map(([name]) => name)
    .sort();
}

export function convertMessage(message: ProvisioningMessage): Conversion {
  if (message.realm !== 'udm' || !PROVISIONED_TOPICS.has(message.topic)) return { kind: 'irrelevant' };
  const { old, new: now } = message.body ?? {};
  const where = `message ${message.sequence_number} (${message.topic})`;
  if (!isSet(old) && !isSet(now)) return { kind: 'unusable', problem: `${where} has neither an old nor a new object` };
  const current = isSet(now) ? now : (old as Record<string, unknown>);
  const dn = typeof current.dn === 'string' ? current.dn : '';
  const id = objectIdOf(current);
  if (dn === '' || id === undefined)
    return {
      kind: 'unusable',
      problem: `${where}, object ${dn || '(no DN)'}, has no ${dn === '' ? 'DN' : 'univentionObjectIdentifier'}: give the object one in UDM (any change sends it again), or run reconcile`,
    };
  const udmType = message.topic as UdmObjectType;
  if (!isSet(now)) return { kind: 'delete', record: { id, dn, udm_object_type: udmType, object: null, options: null } };
  const record: QueueRecord = {
    id,
    dn,
    udm_object_type: udmType,
    object: (now.properties ?? {}) as UdmObject,
    options: enabledOptions(now.options),
  };
  if (!isSet(old)) return { kind: 'create', record };
  return { kind: old.dn !== now.dn ? 'move' : 'modify', record };
}
