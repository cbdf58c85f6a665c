// Carrying out access-profile operations: the file is rewritten atomically (decision 0073), the reader told to read
// it again, and every user holding the profile re-planned, so that the users handler sends changeByModuleAccess
// where the rights really differ.
import { writeAccessProfileFile } from '../../config/access-profiles.js';
import type { ExecutionContext } from './operations.js';

export interface AccessProfileWrite {
  type: 'access-profile';
  op: 'write';
  /** The whole new file. */
  text: string;
  /** The profile, for messages. */
  profile: string;
  /** Names (old and new) whose users follow the profile's rights. */
  holdersOf: string[];
}

export type AccessProfileOperation = AccessProfileWrite;

export interface AccessProfileOutcome {
  type: 'access-profile';
}

export function executeAccessProfileOperation(
  op: AccessProfileOperation,
  ctx: ExecutionContext,
): Promise<AccessProfileOutcome> {
  const { env } = ctx;
  writeAccessProfileFile(env.accessProfiles.path, op.text);
  env.accessProfiles.reload();
  const holders = new Set(op.holdersOf.flatMap((name) => env.references.usersWithProfile(name)));
  for (const id of holders) env.requeue(id, `access profile ${op.profile} changed`);
  if (holders.size > 0) env.log.info(`Updating module access of ${holders.size} user(s) holding the profile`);
  return Promise.resolve({ type: 'access-profile' });
}
