// What every soak run must show: the chaos happened (kills, an outage, injected faults, changes), and after it
// nothing is lost, duplicated or wrong in OX, reconcile plans nothing, and every admin command
// was carried out and none failed.
import { expect } from 'vitest';
import type { SoakRun } from './run-soak.js';

export function expectSoakPassed({ code, output, summary: s }: SoakRun): void {
  expect(s.changesGenerated).toBeGreaterThan(0);
  expect(s.kills).toBeGreaterThanOrEqual(2);
  expect(s.oxOutages).toBeGreaterThanOrEqual(1);
  expect(s.faultsInjected).toBeGreaterThan(0);
  expect(s.details, output).toEqual({ lost: [], duplicated: [], wrong: [] });
  expect([s.lost, s.duplicated, s.wrong]).toEqual([0, 0, 0]);
  expect(s.reconcilePlansNothing, s.reconcileOutput).toBe(true);
  expect(s.adminFailures).toEqual([]);
  // Beside a running connector the store-changing commands are handed to it (decision 0345), so each command must
  // have been carried out at least once, not only refused.
  for (const [command, outcome] of Object.entries(s.admin)) expect(outcome.ok, command).toBeGreaterThan(0);
  expect(s.passed).toBe(true);
  expect(code, output).toBe(0);
}
