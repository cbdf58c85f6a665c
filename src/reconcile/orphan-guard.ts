// The 10 % guard: deleting orphan users is how a mistake (a wrong LDAP base, an empty store) would empty OX, so
// one run deletes at most a tenth of a context's users unless the administrator says --force.
import type { ReconcileAction } from './types.js';

export const ORPHAN_SHARE_LIMIT = 0.1;

/**
 * Why the run is refused, or undefined when every context stays within the limit. `carriedOut`: the actions this
 * run would carry out (orphans only with --delete-orphans); `usersPerContext`: the users OX holds per context.
 */
export function orphanGuardRefusal(
  carriedOut: readonly ReconcileAction[],
  usersPerContext: ReadonlyMap<number, number>,
): string | undefined {
  const perContext = new Map<number, number>();
  for (const a of carriedOut) {
    if (a.op === 'delete' && a.kind === 'user' && a.orphan)
      perContext.set(a.context, (perContext.get(a.context) ?? 0) + 1);
  }
  const over: string[] = [];
  for (const [contextId, deletes] of [...perContext].sort((a, b) => a[0] - b[0])) {
    const users = usersPerContext.get(contextId) ?? 0;
    if (deletes > users * ORPHAN_SHARE_LIMIT) over.push(`${deletes} of the ${users} users in context ${contextId}`);
  }
  if (over.length === 0) return undefined;
  return (
    `Refusing to delete ${over.join(', ')}: more than ${ORPHAN_SHARE_LIMIT * 100} % of a context's users in one run. ` +
    `Check the plan with ox-connector reconcile --dry-run (is the directory or the store complete?); ` +
    `if these users really must go, run again with --force.`
  );
}
