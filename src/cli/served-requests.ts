// The runner's side of administrator commands handed to it (decision 0345): at a quiet point (engine/quiet-point.ts)
// it takes up each pending request, carries it out with the command's own code (cli/store-commands.ts) and writes
// the outcome for the waiting command. A request whose command is gone is dropped, not carried out.
import type { QuietPoint } from '../engine/quiet-point.js';
import { TaskAdmin } from '../admin/task-admin.js';
import type { Logger } from '../ops/log.js';
import {
  abandonAdminRequest,
  claimAdminRequest,
  finishAdminRequest,
  hasPendingAdminRequest,
  pendingAdminRequests,
  setAdminRequestProgress,
  settleAdminRequestsAtStart,
  type AdminRequest,
} from '../state/admin-requests.js';
import type { StateDb } from '../state/database.js';
import { openAdminStores } from './admin-common.js';
import { isStoreAction, STORE_COMMANDS, type CommandOutput } from './store-commands.js';

/** What a command printed, in order, and how it ended: the waiting command replays it. */
export interface RequestResult {
  output: ['stdout' | 'stderr', string][];
  exitCode?: number;
  error?: { name: string; message: string };
}

/** How often the runner looks for a request: a cheap indexed read, at most this often. */
const LOOK_EVERY_MS = 200;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class ServedRequests implements QuietPoint {
  private nextLook = 0;

  constructor(
    private readonly db: StateDb,
    private readonly dataDir: string,
    private readonly log: Logger,
  ) {
    const interrupted = settleAdminRequestsAtStart(db);
    if (interrupted > 0)
      log.warning(
        `${interrupted} administrator command(s) were being carried out when the connector last ended; they are not repeated (each command said so; check with ox-connector tasks list and run it again if needed).`,
      );
  }

  due(): boolean {
    const now = Date.now();
    if (now < this.nextLook) return false;
    this.nextLook = now + LOOK_EVERY_MS;
    return hasPendingAdminRequest(this.db);
  }

  async serve(): Promise<void> {
    for (const request of pendingAdminRequests(this.db)) {
      if (!alive(request.requesterPid)) {
        if (abandonAdminRequest(this.db, request.id))
          this.log.warning(
            `Dropped ${request.command} (request ${request.id}): its command (PID ${request.requesterPid}) is gone, so nobody waits for it; nothing was changed.`,
          );
        continue;
      }
      if (!claimAdminRequest(this.db, request.id)) continue; // its command gave up a moment ago
      this.log.info(`Carrying out ${request.command} for PID ${request.requesterPid} (request ${request.id})`);
      const result = await this.carryOut(request);
      finishAdminRequest(this.db, request.id, JSON.stringify(result));
      const how = result.error ? `failed: ${result.error.message}` : `exit code ${result.exitCode ?? 0}`;
      this.log.info(`Request ${request.id}: carried out ${request.command} for PID ${request.requesterPid}, ${how}`);
    }
  }

  private async carryOut(request: AdminRequest): Promise<RequestResult> {
    const result: RequestResult = { output: [] };
    const out: CommandOutput = {
      stdout: (text) => result.output.push(['stdout', text]),
      stderr: (text) => result.output.push(['stderr', text]),
      exitCode: (code) => (result.exitCode = code),
      progress: (line) => {
        this.log.info(line);
        setAdminRequestProgress(this.db, request.id, line);
      },
      tty: false,
    };
    try {
      if (!isStoreAction(request.action)) throw new Error(`${request.command}: this connector does not know it.`);
      const stores = openAdminStores(this.dataDir);
      try {
        const admin = new TaskAdmin(this.dataDir, stores.store, stores.policy);
        await STORE_COMMANDS[request.action](admin, JSON.parse(request.args) as never, out);
      } finally {
        stores.close();
      }
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err));
      result.error = { name: e.name, message: e.message };
    }
    return result;
  }
}
