/**
 * The emulator's --state: a JSON snapshot of the model (`<state>`) plus a journal of the data-changing calls
 * accepted since (`<state>.journal`, src/emulator/state-journal.ts). A call is answered only once its journal
 * line is on disk, so whatever the emulator confirmed survives kill -9 (decision 0230). At start the journal is
 * replayed onto the snapshot and both are folded into a new snapshot; while running, the journal is folded in
 * whenever it outgrows the snapshot; on shutdown the snapshot alone remains.
 *
 * The journal records requests, not resulting records: the model is deterministic (ids come from per-context
 * sequences stored in the snapshot), and each line carries a digest of the call's result, so a replay that
 * would give another id or answer is refused instead of silently producing different data.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { OxModel, type OxModelOptions } from './model/index.js';
import { resolveOptions } from './model/options.js';
import type { EmulatorModel } from './server.js';
import {
  JOURNAL_FORMAT,
  JournalWriter,
  journalPathOf,
  readJournal,
  writeFileDurably,
  type JournalHeader,
} from './state-journal.js';

export interface StateFileSettings {
  path: string;
  /** fdatasync each batch of journal lines before answering (default true); false: survive kill -9 only. */
  sync?: boolean;
  /** The journal is folded into a new snapshot when larger than this and than the snapshot. Default 8 MiB. */
  compactBytes?: number;
  log?: (line: string) => void;
}

export interface StateFile {
  /** The model as restored from the snapshot and the journal. */
  readonly model: OxModel;
  /** What the wire layer calls: the model, with every accepted data-changing call journaled. */
  readonly journaled: EmulatorModel;
  /** Resolves once every call answered so far is on disk; undefined when it already is. */
  settled(): Promise<void> | undefined;
  /** Waits for the journal, writes the final snapshot and removes the journal. */
  close(): Promise<void>;
}

/** Journals hold this instead of the master password; replay authenticates with it in its place. */
const MASTER_IN_JOURNAL = '(master password, not journaled)';
const DEFAULT_COMPACT_BYTES = 8 * 1024 * 1024;

export function loadStateFile(path: string): unknown {
  if (!existsSync(path)) return undefined;
  const text = readFileSync(path, 'utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new Error(`Emulator state file ${path} is not valid JSON (${(error as Error).message}); fix or remove it`);
  }
}

function digest(result: unknown): string | undefined {
  if (result === undefined) return undefined;
  return createHash('sha256').update(JSON.stringify(result)).digest('base64url').slice(0, 16);
}

function headerFor(options: OxModelOptions): JournalHeader {
  const { masterPassword: _left, ...rest } = resolveOptions(options);
  return { format: JOURNAL_FORMAT, version: 1, options: rest };
}

function withoutMasterPassword(args: Record<string, unknown>, options: OxModelOptions): Record<string, unknown> {
  const auth = args.auth as { login?: unknown; password?: unknown } | null | undefined;
  if (auth?.login !== options.masterAdmin || auth?.password !== options.masterPassword) return args;
  return { ...args, auth: { ...auth, password: MASTER_IN_JOURNAL } };
}

/** Applies the journal's calls after the snapshot's last one; returns the last sequence number applied. */
function replay(model: OxModel, snapshotSeq: number, journalPath: string, log: (line: string) => void): number {
  const journal = readJournal(journalPath);
  if (journal.tornBytes > 0)
    log(
      `ox emulator: ignored ${journal.tornBytes} bytes at the end of ${journalPath}: a write cut short, never answered`,
    );
  const pending = journal.entries.filter((entry) => entry.seq > snapshotSeq);
  if (journal.header === undefined || pending.length === 0) return snapshotSeq;
  const options = { ...journal.header.options, masterPassword: MASTER_IN_JOURNAL } as unknown as OxModelOptions;
  const replaying = model.withOptions(options);
  let seq = snapshotSeq;
  for (const entry of pending) {
    const call = `call ${entry.seq} (${entry.service}.${entry.operation})`;
    const mismatch = (what: string) =>
      new Error(
        `Emulator journal ${journalPath}: ${call} ${what}. The journal does not belong to this snapshot; ` +
          'put back the state file it was written with, or remove the journal to start from the snapshot alone.',
      );
    if (entry.seq !== seq + 1) throw mismatch(`is not the next call after call ${seq}`);
    let result: unknown;
    try {
      result = replaying.handle(entry.service, entry.operation, entry.args as Record<string, unknown>);
    } catch (error) {
      throw mismatch(`failed on replay: ${(error as Error).message}`);
    }
    if (digest(result) !== entry.result) throw mismatch('gave another answer on replay than when it was accepted');
    seq = entry.seq;
  }
  log(`ox emulator: replayed ${pending.length} calls from ${journalPath}`);
  return seq;
}

export function openStateFile(settings: StateFileSettings, modelOptions: OxModelOptions): StateFile {
  const { path } = settings;
  const log = settings.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const journalPath = journalPathOf(path);
  const saved = loadStateFile(path) as { journalSeq?: unknown } | undefined;
  const model = saved === undefined ? new OxModel(modelOptions) : OxModel.fromJSON(saved, modelOptions);
  const snapshotSeq = typeof saved?.journalSeq === 'number' ? saved.journalSeq : 0;
  let seq = replay(model, snapshotSeq, journalPath, log);

  const header = headerFor(modelOptions);
  const compactBytes = settings.compactBytes ?? DEFAULT_COMPACT_BYTES;
  let snapshotBytes = 0;
  const writeSnapshot = () => {
    const text = JSON.stringify({ ...(model.toJSON() as object), journalSeq: seq });
    // The snapshot is renamed into place before the journal is restarted: a crash in between leaves a journal
    // whose calls the snapshot already holds, and their sequence numbers keep them from being applied twice.
    writeFileDurably(path, text);
    snapshotBytes = text.length;
  };
  try {
    writeSnapshot();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new Error(
      `Cannot write the emulator state file ${path} (${code}): give --state a file in an existing, writable directory.`,
    );
  }

  let compactAt = Math.max(compactBytes, snapshotBytes);
  const journal: JournalWriter = JournalWriter.create(journalPath, header, {
    sync: settings.sync ?? true,
    onIdle() {
      if (journal.bytes <= compactAt) return;
      try {
        writeSnapshot();
        journal.restart(header);
        compactAt = Math.max(compactBytes, snapshotBytes);
      } catch (error) {
        // The journal still holds every call: keep appending, and try again once it has doubled.
        compactAt = journal.bytes * 2;
        log(`ox emulator: could not write the snapshot ${path} (${(error as Error).message}); the journal goes on`);
      }
    },
  });

  const journaled: EmulatorModel = {
    handle(service, operation, args) {
      // Util registrations are not part of the state (docs/emulator.md), and read-only calls change nothing.
      if (service === 'OXUtilService' || !OxModel.changesData(operation)) return model.handle(service, operation, args);
      // Serialised before the call, so the line holds the request as it came, whatever the model keeps of it.
      const argsJson = JSON.stringify(withoutMasterPassword(args ?? {}, modelOptions));
      const result = model.handle(service, operation, args); // a fault throws: nothing is journaled
      seq += 1;
      const resultDigest = digest(result);
      journal.append(
        `{"seq":${seq},"service":${JSON.stringify(service)},"operation":${JSON.stringify(operation)},` +
          `"args":${argsJson}${resultDigest === undefined ? '' : `,"result":"${resultDigest}"`}}\n`,
      );
      return result;
    },
  };

  return {
    model,
    journaled,
    settled: () => journal.settled(),
    async close() {
      await journal.close();
      writeSnapshot();
      rmSync(journalPath, { force: true });
    },
  };
}
