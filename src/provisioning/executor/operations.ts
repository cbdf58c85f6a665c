// The typed operations planners hand the executor (decision 0270): one discriminated union, tagged by the OX
// object `type` and the `op` to carry out. Each type declares its operations and outcomes in its own file under
// executor/; a new type adds one line to each union below and one case to execute.ts.
import type { StoreChange } from '../../state/store.js';
import type { AccessProfileOperation, AccessProfileOutcome } from './access-profiles.js';
import type { ContextOperation, ContextOutcome } from './contexts.js';
import type { DeputyOperation, DeputyOutcome } from './deputy-permissions.js';
import type { FunctionalAccountOperation, FunctionalAccountOutcome } from './functional-accounts.js';
import type { GroupOperation, GroupOutcome } from './groups.js';
import type { ResourceOperation, ResourceOutcome } from './resources.js';
import type { UserOperation, UserOutcome, UserReplanner } from './users.js';
import type { Target } from './fallbacks.js';

export type Operation =
  | UserOperation //
  | GroupOperation
  | ResourceOperation
  | ContextOperation
  | FunctionalAccountOperation
  | DeputyOperation
  | AccessProfileOperation;

/** What OX ended up holding after one operation, fallbacks included (the handler stores it). */
export type Outcome =
  | UserOutcome //
  | GroupOutcome
  | ResourceOutcome
  | ContextOutcome
  | FunctionalAccountOutcome
  | DeputyOutcome
  | AccessProfileOutcome;

export type OperationType = Operation['type'];

/** Everything an executor needs for one object's operations. */
export interface ExecutionContext extends Target {
  /** Users: plans the change again against an OX record adopted by name or just copied (it may read OX). */
  replanUser?: UserReplanner;
}

export type { LogLine } from './log-lines.js';

/** OX id rows a delete made obsolete (groups a deleted user left empty). */
export type ForgetRows = NonNullable<StoreChange['forgetOxIds']>;
