// What every soak run must show: the chaos happened (kills, an outage, injected faults, changes), and after it
// nothing is lost, duplicated or wrong in OX, reconcile plans nothing, and no admin command failed.
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
  expect(s.passed).toBe(true);
  expect(code, output).toBe(0);
}
