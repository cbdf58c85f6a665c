/** The soak's printed summary. */
import { renderTable } from '../lib/table.js';
import type { SoakSummary } from './run-soak.js';

export function printSoakSummary(s: SoakSummary): void {
  const kinds = Object.entries(s.changesByKind)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  const admin = Object.entries(s.admin)
    .map(
      ([c, o]) =>
        `${c}: ${o.ok} ok, ${o.refused} refused, ${o.interrupted} interrupted by a kill, ${o.oxDown} OX down, ${o.failed} failed${o.planned !== undefined ? ` (${o.planned} planned work)` : ''}`,
    )
    .join('; ');
  console.log(`Soak: ${s.minutes} min, ${s.rate} changes/s, source ${s.source}`);
  console.log(
    renderTable(
      ['measurement', 'result'],
      [
        ['changes generated', `${s.changesGenerated} (${kinds})`],
        ['connector kills (kill -9)', String(s.kills)],
        ['connector exits by itself', String(s.connectorExitsByItself.length)],
        ['connector starts refused (admin command held the data dir)', String(s.connectorStartsRefused)],
        ['OX outages', String(s.oxOutages)],
        ['faults injected and survived', String(s.faultsInjected)],
        ['slapd restarts', String(s.slapdRestarts)],
        ['admin commands', admin],
        ['largest queue age', `${(s.maxQueueAgeMs / 1000).toFixed(1)} s`],
        ['drain after the generator stopped', `${(s.drainMs / 1000).toFixed(1)} s`],
        ['directory at the end', `${s.modelUsers} users, ${s.modelGroups} groups, ${s.modelResources} resources`],
        [
          'OX at the end',
          `${s.oxUsers} users, ${s.oxGroups} groups (one per context with members), ${s.oxResources} resources`,
        ],
        ['objects lost', String(s.lost)],
        ['objects duplicated', String(s.duplicated)],
        ['objects wrong', String(s.wrong)],
        ['reconcile --dry-run plans nothing', s.reconcilePlansNothing ? 'yes' : 'NO'],
      ],
    ),
  );
  for (const kind of ['lost', 'duplicated', 'wrong'] as const)
    for (const line of s.details[kind]) console.log(`  ${kind}: ${line}`);
  for (const line of s.connectorExitsByItself) console.log(`  ${line}`);
  for (const line of s.adminFailures) console.log(`  admin command failed: ${line}`);
  if (!s.reconcilePlansNothing) console.log(`  reconcile --dry-run:\n${s.reconcileOutput}`);
  console.log(s.passed ? 'PASSED: OX equals the directory.' : `FAILED (work directory ${s.workDir}).`);
}
