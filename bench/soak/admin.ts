/**
 * The administrator's commands run while provisioning goes on, each outcome counted: ok (run directly or handed to
 * the running connector, decision 0345), refused (another admin command held the data directory), interrupted (the
 * soak's kill -9 ended the connector while it carried the command out: the command says so, as designed), OX down
 * (the soak had OX stopped), or failed (fails the soak).
 * `reconcile --dry-run` may plan work mid-run (the connector lags); that is counted, not judged.
 */
import { runCli } from './connector.js';

export type AdminCommand = 'cache rebuild' | 'tasks retry' | 'reconcile --dry-run';
export const ADMIN_COMMANDS: AdminCommand[] = ['cache rebuild', 'tasks retry', 'reconcile --dry-run'];

export interface AdminOutcomes {
  ok: number;
  refused: number;
  /** The connector that carried the command out was killed meanwhile; the command said "may be partly done". */
  interrupted: number;
  failed: number;
  /** Failed naming OX unreachable while the soak had OX stopped: the right answer then, counted apart. */
  oxDown: number;
  /** reconcile --dry-run only: runs whose plan was not empty. */
  planned?: number;
}

export class AdminRunner {
  readonly outcomes = new Map<AdminCommand, AdminOutcomes>(
    ADMIN_COMMANDS.map((c) => [
      c,
      {
        ok: 0,
        refused: 0,
        interrupted: 0,
        oxDown: 0,
        failed: 0,
        ...(c === 'reconcile --dry-run' ? { planned: 0 } : {}),
      },
    ]),
  );
  readonly failures: string[] = [];

  constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly reconcileFrom: 'store' | 'ldap',
    /** Outages begun so far and whether OX is down now, to tell "OX was stopped" from a failure. */
    private readonly ox: { outages(): number; isUp(): boolean },
  ) {}

  args(command: AdminCommand): string[] {
    if (command === 'reconcile --dry-run') return ['reconcile', '--dry-run', '--from', this.reconcileFrom];
    if (command === 'tasks retry') return ['tasks', 'retry', '--all'];
    return command.split(' ');
  }

  async run(command: AdminCommand): Promise<void> {
    const outagesBefore = this.ox.outages() + (this.ox.isUp() ? 0 : 1);
    const { code, output } = await runCli(this.env, this.args(command));
    const oxWasDown = this.ox.outages() + (this.ox.isUp() ? 0 : 1) !== outagesBefore || !this.ox.isUp();
    const counts = this.outcomes.get(command)!;
    if (/refused while/.test(output) && code !== 0) counts.refused++;
    else if (/ended while it carried out/.test(output) && code !== 0) counts.interrupted++;
    else if (code === 0) counts.ok++;
    else if (command === 'reconcile --dry-run' && code === 1) {
      counts.ok++;
      counts.planned!++;
    } else if (command === 'tasks retry' && code === 1 && /nothing/i.test(output)) counts.ok++;
    else if (oxWasDown && /cannot reach OX/.test(output)) counts.oxDown++;
    else {
      counts.failed++;
      this.failures.push(`${command} exited ${code}: ${output.trim().slice(-600)}`);
    }
  }
}
