// What provisioning needs from the OX layer: the schema-typed call and error classification. OxClient (src/ox)
// satisfies it; call-retry wraps it; unit tests can pass a fake (test/helpers/fake-ox.ts).
import type { OxErrorKind } from '../ox/errors.js';
import type { OxCall } from '../ox/types.js';

export type { OxErrorKind };

/**
 * `call(service, operation, args)` resolves to the operation's `return` as the schema types it (`OxResult`).
 * With `{ only }`, just the named members of the returned object: an implementation may leave the others out
 * (OxClient then does not even parse them, decision 0115), and the result type has only those.
 */
export type OxApi = OxCall;

/** For creates: of the object OX answers with, only its id is read. */
export const ONLY_ID = { only: ['id'] } as const;

/** The OX layer's error kind, or undefined for errors that did not come from OX. */
export function oxErrorKind(err: unknown): OxErrorKind | undefined {
  if (err && typeof err === 'object' && 'kind' in err && typeof (err as { kind: unknown }).kind === 'string') {
    return (err as { kind: OxErrorKind }).kind;
  }
  return undefined;
}

export function isNotFound(err: unknown): boolean {
  return oxErrorKind(err) === 'notFound';
}

export function isAlreadyExists(err: unknown): boolean {
  return oxErrorKind(err) === 'alreadyExists';
}

/** Transient = worth retrying unchanged: OX unreachable, timeouts, 5xx, storage trouble. */
export function isTransient(err: unknown): boolean {
  const kind = oxErrorKind(err);
  if (kind === 'transient') return true;
  if (kind !== undefined) return false;
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return (
    typeof code === 'string' && /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EAI_AGAIN|ENOTFOUND|UND_ERR_)/.test(code)
  );
}
