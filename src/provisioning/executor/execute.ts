// The one executor (decision 0270): carries out a planner's operations in order and reports what OX ended up
// holding. The fallbacks (adopt on "already exists", create again on "not found", "not found" on delete = done,
// keep what another object owns) live in fallbacks.ts and are used by every type's executor.
import type { ExecutionContext, Operation, Outcome } from './operations.js';
import { executeAccessProfileOperation } from './access-profiles.js';
import { executeContextOperation } from './contexts.js';
import { executeDeputyOperation } from './deputy-permissions.js';
import { executeFunctionalAccountOperation } from './functional-accounts.js';
import { executeGroupOperation } from './groups.js';
import { executeResourceOperation } from './resources.js';
import { executeUserOperation } from './users.js';

/** Carries out one operation. A new object type adds its case here. */
export function executeOne(op: Operation, ctx: ExecutionContext): Promise<Outcome> {
  switch (op.type) {
    case 'user':
      return executeUserOperation(op, ctx);
    case 'group':
      return executeGroupOperation(op, ctx);
    case 'resource':
      return executeResourceOperation(op, ctx);
    case 'context':
      return executeContextOperation(op, ctx);
    case 'functional-account':
      return executeFunctionalAccountOperation(op, ctx);
    case 'deputy-permission':
      return executeDeputyOperation(op, ctx);
    case 'access-profile':
      return executeAccessProfileOperation(op, ctx);
    default:
      return unknownOperation(op);
  }
}

/** Carries out `ops` in order; the first failure stops the rest (the object is retried or parked as a whole). */
export async function execute(ops: readonly Operation[], ctx: ExecutionContext): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (const op of ops) outcomes.push(await executeOne(op, ctx));
  return outcomes;
}

function unknownOperation(op: never): never {
  throw new Error(`No executor for operation ${JSON.stringify(op)}`);
}
