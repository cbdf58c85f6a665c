/**
 * The chaos that runs beside the generator, each kind on its own timer (schedule.ts): kill -9 of the connector
 * (restarted at once, as a service manager would), OX outages, slapd restarts, and the administrator's commands.
 * A watchdog restarts a connector that ended by itself (counted as a finding by ConnectorUnderTest).
 */
import type { Slapd } from '../../scripts/slapd/slapd.js';
import type { SeededRandom } from '../workload/random.js';
import { ADMIN_COMMANDS, type AdminRunner } from './admin.js';
import type { ConnectorUnderTest } from './connector.js';
import type { SoakOx } from './ox.js';
import type { SoakSchedule } from './schedule.js';

export interface ChaosParts {
  connector: ConnectorUnderTest;
  ox: SoakOx;
  slapd?: Slapd;
  admin: AdminRunner;
  schedule: SoakSchedule;
  rng: SeededRandom;
}

export class Chaos {
  slapdRestarts = 0;
  private stopping = false;
  private readonly wakers = new Set<() => void>();
  private loops: Promise<void>[] = [];

  constructor(private readonly parts: ChaosParts) {}

  start(): void {
    const { connector, ox, slapd, admin, schedule: s, rng } = this.parts;
    this.loops = [
      this.every(
        () => rng.int(s.killMinMs, s.killMaxMs),
        () => connector.killAndRestart(),
      ),
      this.every(
        () => s.outageEveryMs,
        () => ox.outage(s.outageMs),
      ),
      this.every(
        () => 1_000,
        async () => connector.ensureRunning(),
      ),
      ...ADMIN_COMMANDS.map((command, i) =>
        this.every(
          (first) => (first ? (s.adminEveryMs * (i + 1)) / (ADMIN_COMMANDS.length + 1) : s.adminEveryMs),
          () => admin.run(command),
        ),
      ),
    ];
    if (slapd)
      this.loops.push(
        this.every(
          () => s.slapdEveryMs,
          async () => {
            slapd.stop();
            await this.sleep(s.slapdDownMs, true);
            slapd.start();
            this.slapdRestarts++;
          },
        ),
      );
  }

  /** Ends every timer; an action in progress (an outage, a slapd restart) completes first. */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const wake of this.wakers) wake();
    await Promise.all(this.loops);
  }

  private async every(delayMs: (first: boolean) => number, action: () => Promise<void>): Promise<void> {
    let first = true;
    for (;;) {
      await this.sleep(delayMs(first));
      first = false;
      if (this.stopping) return;
      await action();
    }
  }

  /** `uninterruptible`: a restart's down time runs out even when the soak ends meanwhile. */
  private sleep(ms: number, uninterruptible = false): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.wakers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      if (!uninterruptible) this.wakers.add(wake);
    });
  }
}
