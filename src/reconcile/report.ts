// How a plan is printed: `--json` in the issue's shape (extra keys allowed: warnings, and after an apply the
// failed actions), else a table grouped by context. Names and DNs come from the directory or OX: the text form
// escapes control characters (decision 0222), JSON is made printable by the caller.
import { escapeControl } from '../ops/log.js';
import type { FailedAction } from './apply.js';
import type { ReconcileAction, ReconcilePlan } from './types.js';

function printed(a: ReconcileAction): Record<string, unknown> {
  return {
    op: a.op,
    kind: a.kind,
    context: a.context,
    name: a.name,
    ...(a.dn !== undefined ? { dn: a.dn } : {}),
    ...(a.fields !== undefined ? { fields: a.fields } : {}),
    ...(a.orphan ? { orphan: true } : {}),
  };
}

export function planJson(plan: ReconcilePlan, failed?: FailedAction[]): Record<string, unknown> {
  return {
    actions: plan.actions.map(printed),
    summary: plan.summary,
    ...(plan.warnings.length > 0 ? { warnings: plan.warnings } : {}),
    ...(failed ? { failed: failed.map((f) => ({ ...printed(f.action), error: f.error })) } : {}),
  };
}

function row(a: ReconcileAction): string {
  const what = a.orphan ? '(orphan: no directory object accounts for it)' : (a.dn ?? '');
  const fields = a.fields ? `  fields: ${a.fields.join(', ')}` : '';
  return escapeControl(`  ${a.op.padEnd(6)} ${a.kind.padEnd(8)} ${a.name.padEnd(20)} ${what}${fields}`);
}

export function planText(plan: ReconcilePlan): string {
  const lines: string[] = [];
  const contexts = [...new Set(plan.actions.map((a) => a.context))].sort((a, b) => a - b);
  for (const contextId of contexts) {
    // Access profiles are in no context (context 0): they live in the connector's profile file.
    lines.push(contextId === 0 ? 'Access-profile file (no context):' : `Context ${contextId}:`);
    for (const a of plan.actions) if (a.context === contextId) lines.push(row(a));
  }
  if (contexts.length === 0) lines.push('OX already holds what the directory says.');
  for (const w of plan.warnings) lines.push(escapeControl(`Warning: ${w}`));
  const s = plan.summary;
  lines.push(
    `Summary: ${s.create} to create, ${s.change} to change, ${s.delete} to delete (${s.orphans} orphans), ${s.unchanged} unchanged.`,
  );
  return lines.join('\n');
}

export function failuresText(failed: FailedAction[]): string {
  return failed
    .map((f) =>
      escapeControl(
        `Failed: ${f.action.op} ${f.action.kind} ${f.action.name} in context ${f.action.context}${f.action.dn ? ` (${f.action.dn})` : ''}: ${f.error}`,
      ),
    )
    .join('\n');
}
