// An OX whose USERNAME_CHANGEABLE is false refuses every login rename with the fault text below
// (docs/reference/ox-users.md). OX's own words do not say which setting it is or what to do, so the parked
// object's message does (issue 14 item 16).
import type { ChangeRecord } from '../../model/change.js';
import { oxErrorKind } from '../ox-port.js';
import { describe, PermanentError } from '../types.js';

const RENAME_DISABLED = /Changing username is disabled/i;

/** True when OX refused a `change` because it does not allow login names to change. */
export function isRenameDisabled(err: unknown): boolean {
  if (oxErrorKind(err) === undefined) return false;
  const text = (err as { faultString?: string }).faultString ?? (err as Error).message;
  return typeof text === 'string' && RENAME_DISABLED.test(text);
}

export function renameRefused(change: ChangeRecord, from: { oxName: string; contextId: number }, to: string) {
  return new PermanentError(
    `Cannot provision ${describe(change)}: OX refuses to rename the user "${from.oxName}" to "${to}" in context ` +
      `${from.contextId} (OX said: Changing username is disabled!), because OX's USERNAME_CHANGEABLE setting is ` +
      `false. Either set USERNAME_CHANGEABLE=true in OX's AdminUser.properties and restart OX, or give the user its ` +
      `old username "${from.oxName}" back in the directory; then retry: ox-connector tasks retry ${change.objectId}`,
  );
}
