// The plan reconciliation produces: one action per difference between what the directory says and what OX
// holds, in the shape `ox-connector reconcile --json` prints (issue 16).

export type ReconcileKind = 'context' | 'user' | 'group' | 'resource' | 'functional_account' | 'access_profile';

export interface ReconcileAction {
  op: 'create' | 'change' | 'delete';
  kind: ReconcileKind;
  context: number;
  /** The OX name (login name, group name, resource name). */
  name: string;
  /** The directory object's DN; absent for an orphan, which no directory object accounts for. */
  dn?: string;
  /** change: the OX field names that differ (group membership is "members"). */
  fields?: string[];
  /** delete of an OX object no directory object accounts for. */
  orphan?: true;
  /** Not printed: the stored object that carries the action out (re-provisioned on apply). */
  objectId?: string;
  /** Not printed: the OX id of an object to delete. */
  oxId?: number;
  /** Not printed: functional accounts, the OX users whose account of this address is deleted by OX call. */
  oxUserIds?: number[];
}

export interface ReconcileSummary {
  create: number;
  change: number;
  delete: number;
  orphans: number;
  unchanged: number;
}

export interface ReconcilePlan {
  actions: ReconcileAction[];
  summary: ReconcileSummary;
  /** Users read per context (the 10 % orphan guard counts against it). */
  usersPerContext: Map<number, number>;
  /** Objects the directory names that could not be judged (e.g. a user without a login name), with why. */
  warnings: string[];
}

export function summarise(actions: readonly ReconcileAction[], unchanged: number): ReconcileSummary {
  const summary: ReconcileSummary = { create: 0, change: 0, delete: 0, orphans: 0, unchanged };
  for (const a of actions) {
    summary[a.op]++;
    if (a.orphan) summary.orphans++;
  }
  return summary;
}
