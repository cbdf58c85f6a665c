// OX-side test data and outcomes, for tests that talk to the emulator (or its model) directly rather than
// through the connector.
import { expect } from 'vitest';
import { OxError } from '../../src/ox/index.js';

/** A complete OX user (every mandatory field set) named `name`, with `extra` on top. */
export function oxUserData(name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const mail = `${name}@example.org`;
  return {
    name,
    password: 'secret',
    display_name: `${name} Display`,
    given_name: 'Given',
    sur_name: name,
    primaryEmail: mail,
    email1: mail,
    ...extra,
  };
}

/** Awaits a call that must fail with an OxError and returns it for assertions on its kind and message. */
export async function oxFailure(call: Promise<unknown>): Promise<OxError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OxError);
  return error as OxError;
}
