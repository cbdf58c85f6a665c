// Stages Provisioning API messages as queue files, exactly once (decisions 0315, 0340). A message's file is written
// as <name>.converting.tmp; then one SQLite transaction records the message (subscription, sequence number, digest)
// with the file as not yet published; only then does the consumer acknowledge. Files are renamed into place in
// batches (every PUBLISH_BATCH files, PUBLISH_DELAY_MS after the first waiting one, and on flush()): the batch's files
// are fsynced together off the event loop, renamed, and the directory fsynced once, while the consumer goes on taking
// and acknowledging messages; before, two fsyncs per message sat between a message and its acknowledgement. A kill before
// the commit leaves an orphan temporary file (removed at the next start) and the message is handed out again; a kill
// after it leaves a recorded message: its redelivery is recognised and only acknowledged, and the rename is rolled
// forward at the next start. Durability against power loss is the state store's (WAL, synchronous NORMAL).
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import type { StateDb } from '../../state/database.js';
import { nubusSourceStatements, type StagedMessageRow } from '../../state/nubus-source-tables.js';
import { QueueWriter, type QueueRecord, type StagedFile } from '../ldap/queue-writer.js';
import type { ProvisioningMessage } from './message.js';

export type StageOutcome = { outcome: 'staged'; file: string } | { outcome: 'already-staged' };

/** At most this many staged files wait for their rename; more are published at once. */
export const PUBLISH_BATCH = 256;
/** The longest a staged file waits for its rename while messages keep coming. */
export const PUBLISH_DELAY_MS = 50;

export class MessageStager {
  private readonly statements;
  private readonly writer: QueueWriter;
  private waiting: StagedFile[] = [];
  /** Temporary names staged in this process and not yet published (waiting or in the batch being published). */
  private readonly unpublished = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  /** The batches being published, one after the other. */
  private publishing: Promise<void> = Promise.resolve();
  private failure: unknown;

  constructor(
    private readonly db: StateDb,
    dataDir: string,
    private readonly subscription: string,
  ) {
    this.statements = nubusSourceStatements(db);
    this.writer = new QueueWriter(dataDir);
  }

  /** Publishes files whose message was recorded before a crash; removes temporary files nobody recorded. */
  recover(): { published: number; removed: number } {
    const removed = this.writer.removeOrphans(this.statements.allPendingTmp.all() as StagedFile[]);
    const pending = this.statements.unpublished.all() as StagedFile[];
    this.publish(pending);
    return { published: pending.length, removed };
  }

  stage(message: ProvisioningMessage, record: QueueRecord): StageOutcome {
    const digest = createHash('sha256')
      .update(JSON.stringify([message.realm, message.topic, message.body]))
      .digest('hex');
    const known = this.statements.find.get(this.subscription, message.sequence_number, digest) as
      StagedMessageRow | undefined;
    if (known) {
      // Handed out again because the acknowledgement never arrived: the file exists (or is rolled forward now).
      if (known.published === 0 && known.tmp && known.final && !this.unpublished.has(known.tmp))
        this.waiting.push({ tmp: known.tmp, final: known.final });
      this.publishPending();
      return { outcome: 'already-staged' };
    }
    if (this.failure !== undefined) throw this.failure;
    this.writer.stage(record);
    const [file] = this.writer.takeStaged();
    try {
      this.db.transaction(() => {
        this.statements.insert.run(
          this.subscription,
          message.sequence_number,
          digest,
          file!.tmp,
          file!.final,
          0,
          new Date().toISOString(),
        );
      })();
    } catch (error) {
      this.writer.removeOrphans([...(this.statements.allPendingTmp.all() as StagedFile[]), ...this.waiting]);
      throw error;
    }
    this.waiting.push(file!);
    this.unpublished.add(file!.tmp);
    if (this.waiting.length >= PUBLISH_BATCH) this.publishPending();
    else this.timer ??= setTimeout(() => this.publishPending(), PUBLISH_DELAY_MS);
    return { outcome: 'staged', file: file!.final };
  }

  /** Starts publishing every staged file still waiting (in staging order), after the batches before it. */
  publishPending(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const files = this.waiting;
    this.waiting = [];
    if (files.length === 0) return;
    this.publishing = this.publishing.then(async () => {
      if (this.failure !== undefined) return;
      try {
        await this.syncFiles(files);
        this.publish(files);
      } catch (error) {
        // Recorded, so not lost: the next start rolls them forward. Staging stops (stage() and flush() throw it).
        this.failure = error;
      }
      for (const file of files) this.unpublished.delete(file.tmp);
    });
  }

  /** Publishes everything staged so far; rejects with a publication failure. */
  async flush(): Promise<void> {
    this.publishPending();
    await this.publishing;
    if (this.failure !== undefined) throw this.failure;
  }

  /** fsync of each file, concurrently on libuv's thread pool (the file system commits them together). */
  private async syncFiles(files: StagedFile[]): Promise<void> {
    await Promise.all(
      files.map(async ({ tmp }) => {
        let handle;
        try {
          handle = await open(join(this.writer.directory, tmp), 'r');
        } catch (error) {
          // Renamed already (a redelivery rolled forward a file of the last run): nothing to sync under this name.
          if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
          throw error;
        }
        try {
          await handle.sync();
        } finally {
          await handle.close();
        }
      }),
    );
  }

  private publish(files: StagedFile[]): void {
    if (files.length === 0) return;
    this.writer.publish(files);
    this.db.transaction(() => {
      for (const file of files) this.statements.markPublished.run(file.tmp);
    })();
    this.statements.prune.run();
  }
}
