// Turns any failure into one administrator-facing line: which object, what OX (or the data) said, what to do.
import type { ChangeRecord } from '../model/change.js';
import { isTransient, oxErrorKind } from '../provisioning/ox-port.js';
import { describe, PermanentError } from '../provisioning/types.js';

export interface FailureInfo {
  message: string;
  transient: boolean;
}

export function classifyFailure(err: unknown, change: ChangeRecord): FailureInfo {
  const transient = isTransient(err);
  if (err instanceof PermanentError) return { message: err.message, transient: false };
  const kind = oxErrorKind(err);
  const text = err instanceof Error ? err.message : String(err);
  if (kind !== undefined) {
    const fault = (err as { faultString?: string }).faultString ?? text;
    const advice = transient
      ? 'OX is unreachable or busy; the change is retried automatically.'
      : kind === 'invalidCredentials'
        ? 'Check the credentials in the credentials file / OX_MASTER_PASSWORD.'
        : 'Correct the object in the directory (or skip it), then it is retried.';
    return { message: `Cannot provision ${describe(change)}: OX said: ${fault}. ${advice}`, transient };
  }
  if (transient)
    return {
      message: `Cannot provision ${describe(change)}: ${text}. OX is unreachable; retrying automatically.`,
      transient,
    };
  return { message: `Cannot provision ${describe(change)}: ${text}`, transient: false };
}
