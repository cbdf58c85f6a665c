// RFC 4533 (LDAP Content Synchronization) controls and Sync Info messages: the part of syncrepl that
// neither ldapts nor ldapjs understands. Pure functions over bytes; see test/unit/ldap/sync-protocol.test.ts.
import {
  BerError,
  boolean,
  children,
  decodeOne,
  enumerated,
  octetString,
  readBoolean,
  readInteger,
  sequence,
  Tag,
} from './ber.js';
import type { Control } from './protocol.js';

export const SYNC_REQUEST_OID = '1.3.6.1.4.1.4203.1.9.1.1';
export const SYNC_STATE_OID = '1.3.6.1.4.1.4203.1.9.1.2';
export const SYNC_DONE_OID = '1.3.6.1.4.1.4203.1.9.1.3';
export const SYNC_INFO_OID = '1.3.6.1.4.1.4203.1.9.1.4';

export type SyncMode = 'refreshOnly' | 'refreshAndPersist';
export type SyncStateKind = 'present' | 'add' | 'modify' | 'delete';

export interface SyncState {
  state: SyncStateKind;
  entryUUID: string;
  cookie?: Buffer;
}

export interface SyncDone {
  cookie?: Buffer;
  refreshDeletes: boolean;
}

export type SyncInfo =
  | { kind: 'newcookie'; cookie: Buffer }
  | { kind: 'refreshDelete' | 'refreshPresent'; cookie?: Buffer; refreshDone: boolean }
  | { kind: 'syncIdSet'; cookie?: Buffer; refreshDeletes: boolean; uuids: string[] };

const STATES: SyncStateKind[] = ['present', 'add', 'modify', 'delete'];

export function syncRequestControl(mode: SyncMode, cookie?: Buffer, reloadHint = false): Control {
  const parts = [enumerated(mode === 'refreshOnly' ? 1 : 3)];
  if (cookie && cookie.length > 0) parts.push(octetString(cookie));
  if (reloadHint) parts.push(boolean(true));
  return { type: SYNC_REQUEST_OID, critical: true, value: sequence(parts) };
}

/** 16 raw bytes → the canonical lower-case text form OpenLDAP uses for entryUUID. */
export function formatUuid(bytes: Buffer): string {
  if (bytes.length !== 16) throw new BerError(`entryUUID must be 16 bytes, got ${bytes.length}`);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function decodeSyncState(value: Buffer): SyncState {
  const parts = children(decodeOne(value).value);
  if (parts.length < 2 || parts[0].tag !== Tag.enumerated) throw new BerError('malformed Sync State control');
  const state = STATES[readInteger(parts[0].value)];
  if (!state) throw new BerError(`unknown sync state ${readInteger(parts[0].value)}`);
  const result: SyncState = { state, entryUUID: formatUuid(parts[1].value) };
  if (parts[2]?.tag === Tag.octetString) result.cookie = parts[2].value;
  return result;
}

export function decodeSyncDone(value: Buffer): SyncDone {
  const result: SyncDone = { refreshDeletes: false };
  for (const part of children(decodeOne(value).value)) {
    if (part.tag === Tag.octetString) result.cookie = part.value;
    if (part.tag === Tag.boolean) result.refreshDeletes = readBoolean(part.value);
  }
  return result;
}

export function decodeSyncInfo(value: Buffer): SyncInfo {
  const element = decodeOne(value);
  if (element.tag === 0x80) return { kind: 'newcookie', cookie: element.value };
  if (element.tag === 0xa1 || element.tag === 0xa2) {
    let cookie: Buffer | undefined;
    let refreshDone = true;
    for (const part of children(element.value)) {
      if (part.tag === Tag.octetString) cookie = part.value;
      if (part.tag === Tag.boolean) refreshDone = readBoolean(part.value);
    }
    return { kind: element.tag === 0xa1 ? 'refreshDelete' : 'refreshPresent', cookie, refreshDone };
  }
  if (element.tag === 0xa3) {
    let cookie: Buffer | undefined;
    let refreshDeletes = false;
    let uuids: string[] = [];
    for (const part of children(element.value)) {
      if (part.tag === Tag.octetString) cookie = part.value;
      if (part.tag === Tag.boolean) refreshDeletes = readBoolean(part.value);
      if (part.tag === Tag.set) uuids = children(part.value).map((uuid) => formatUuid(uuid.value));
    }
    return { kind: 'syncIdSet', cookie, refreshDeletes, uuids };
  }
  throw new BerError(`unknown Sync Info choice tag 0x${element.tag.toString(16)}`);
}

export function findControl(controls: Control[], oid: string): Control | undefined {
  return controls.find((control) => control.type === oid);
}
