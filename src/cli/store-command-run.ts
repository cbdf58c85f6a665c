// The command's side of decision 0345: a command that changes the store runs directly under the runner lock when
// it is free (as before, decision 0205); while a runner holds the data directory it hands its work to the runner
// as a request in the store, waits for the outcome (printing progress) and prints it as if it had run itself.
// The runner gone (kill -9) before taking the request up: the command takes the lock and carries it out itself.
import { TaskAdmin } from '../admin/task-admin.js';
import { checkDataDirWritable } from '../config/data-dir.js';
import { acquireRunnerLock, RunnerLockedError } from '../engine/lock.js';
import {
  addAdminRequest,
  adminRequest,
  cancelAdminRequest,
  deleteAdminRequest,
  settleAdminRequestsAtStart,
} from '../state/admin-requests.js';
import { dataDirOf, openAdminStores, refusal, type AdminStores } from './admin-common.js';
import type { RequestResult } from './served-requests.js';
import { directOutput, STORE_COMMANDS, type ArgsOf, type StoreAction } from './store-commands.js';

/** --wait-seconds: how long a command waits for the runner to take its request up. */
export const WAIT_OPTION = [
  '--wait-seconds <n>',
  'while a connector runs: how long to wait for it to take this command up (it carries it out between batches)',
] as const;
export const DEFAULT_WAIT_SECONDS = 300;

const RUNNER = 'ox-connector runner';
const POLL_MS = 100;
const LOCK_TRY_MS = 1000;
const STILL_WAITING_MS = 10_000;

class ReplayedError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

async function runDirect<A extends StoreAction>(dataDir: string, action: A, args: ArgsOf<A>): Promise<void> {
  const stores = openAdminStores(dataDir);
  try {
    await STORE_COMMANDS[action](new TaskAdmin(dataDir, stores.store, stores.policy), args as never, directOutput);
  } finally {
    stores.close();
  }
}

/** The lock if it is free now (a holder makes this wait its 250 ms, decision 0206), else undefined. */
function tryLock(dataDir: string, command: string): (() => void) | undefined {
  try {
    return acquireRunnerLock(dataDir, undefined, command);
  } catch (err) {
    if (err instanceof RunnerLockedError) return undefined;
    throw err;
  }
}

export interface StoreCommand<A extends StoreAction> {
  dataDirOption: string | undefined;
  /** What it is called in the lock file, the request and messages ("ox-connector tasks retry"). */
  command: string;
  action: A;
  args: ArgsOf<A>;
  waitSeconds: number;
}

export async function runStoreCommand<A extends StoreAction>(c: StoreCommand<A>): Promise<void> {
  const dataDir = dataDirOf(c.dataDirOption);
  checkDataDirWritable(dataDir, { create: false });
  let release: () => void;
  try {
    release = acquireRunnerLock(dataDir, undefined, c.command);
  } catch (err) {
    if (!(err instanceof RunnerLockedError)) throw err;
    // Another administrator command holds it: nobody would carry a request out soon.
    if (err.holderKind !== undefined && err.holderKind !== RUNNER) throw new Error(refusal(dataDir, c.command, err));
    return handOver(dataDir, c, err.holderPid);
  }
  try {
    await runDirect(dataDir, c.action, c.args);
  } finally {
    release();
  }
}

function replay(result: RequestResult): void {
  for (const [stream, text] of result.output) (stream === 'stdout' ? console.log : console.error)(text);
  if (result.exitCode !== undefined) process.exitCode = result.exitCode;
  if (result.error) throw new ReplayedError(result.error.name, result.error.message);
}

async function handOver<A extends StoreAction>(dataDir: string, c: StoreCommand<A>, pid?: number): Promise<void> {
  const runner = `the connector (PID ${pid ?? 'not known yet'})`;
  const stores = openAdminStores(dataDir);
  const id = addAdminRequest(stores.db, { command: c.command, action: c.action, args: JSON.stringify(c.args) });
  // Interrupted while waiting: a request not taken up yet is withdrawn (one taken up is carried out anyway).
  const onSignal = (signal: NodeJS.Signals) => {
    if (cancelAdminRequest(stores.db, id)) deleteAdminRequest(stores.db, id);
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  console.error(
    `ox-connector: ${runner} processes ${dataDir}: ${c.command} is handed to it and carried out between its batches; waiting for it (up to ${c.waitSeconds} s until it takes it up).`,
  );
  try {
    await waitForOutcome(dataDir, c, stores, id, runner);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    stores.close();
  }
}

async function waitForOutcome<A extends StoreAction>(
  dataDir: string,
  c: StoreCommand<A>,
  stores: AdminStores,
  id: number,
  runner: string,
): Promise<void> {
  const started = Date.now();
  let lastLockTry = started;
  let lastSaid = started;
  let progress: string | null = null;
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    const row = adminRequest(stores.db, id);
    if (!row)
      throw new Error(
        `The request for ${c.command} went missing from the store; see ox-connector tasks list whether it was carried out, and run the command again if not.`,
      );
    if (row.progress !== null && row.progress !== progress) console.error(`ox-connector: ${(progress = row.progress)}`);
    if (row.state === 'done') {
      deleteAdminRequest(stores.db, id);
      return replay(JSON.parse(row.result ?? '{"output":[]}') as RequestResult);
    }
    if (row.state !== 'pending' && row.state !== 'running') {
      deleteAdminRequest(stores.db, id);
      throw new Error(
        row.state === 'interrupted'
          ? `${runner} ended while it carried out ${c.command}; it may be partly done. Check with ox-connector tasks list (for cache rebuild: run it again), then run the command again if needed.`
          : `${c.command} was withdrawn (${row.state}) before it was carried out; nothing was changed. Run the command again.`,
      );
    }
    const now = Date.now();
    if (now - lastLockTry >= LOCK_TRY_MS) {
      lastLockTry = now;
      const release = tryLock(dataDir, c.command);
      if (release) {
        try {
          // The runner is gone. What it was carrying out is marked interrupted (never repeated); one it had not
          // taken up yet is carried out here, as without a runner.
          settleAdminRequestsAtStart(stores.db);
          if (cancelAdminRequest(stores.db, id)) {
            deleteAdminRequest(stores.db, id);
            console.error(`ox-connector: ${runner} ended before it took ${c.command} up; carrying it out here.`);
            return await runDirect(dataDir, c.action, c.args);
          }
        } finally {
          release();
        }
        continue;
      }
    }
    if (row.state === 'pending' && now - started > c.waitSeconds * 1000 && cancelAdminRequest(stores.db, id)) {
      deleteAdminRequest(stores.db, id);
      throw new Error(
        `${runner} did not take ${c.command} up within ${c.waitSeconds} s: it is in the middle of a long batch or stuck (see its log). Nothing was changed. Run the command again with a longer --wait-seconds, or stop the connector, run the command and start the connector again.`,
      );
    }
    if (now - lastSaid >= STILL_WAITING_MS) {
      lastSaid = now;
      const what = row.state === 'running' ? 'carrying it out' : 'not taken up yet';
      console.error(`ox-connector: still waiting for ${runner} (${what}, ${Math.round((now - started) / 1000)} s).`);
    }
  }
}
