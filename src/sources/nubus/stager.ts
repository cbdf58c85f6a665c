// Stages one Provisioning API message as a queue file, exactly once (decision 0315). The file is written as
// <name>.converting.tmp and fsynced; then one SQLite transaction records the message (subscription, sequence number,
// digest) with the file as not yet published; then the file is renamed into place. Only after that does the consumer
// acknowledge. A kill before the commit leaves an orphan temporary file (removed at the next start) and the message
// is handed out again; a kill after it leaves a recorded message: its redelivery is recognised and only acknowledged,
// and the rename is rolled forward at the next start.
import { createHash } from 'node:crypto';
import type { StateDb } from '../../state/database.js';
import { nubusSourceStatements, type StagedMessageRow } from '../../state/nubus-source-tables.js';
import { QueueWriter, type QueueRecord, type StagedFile } from '../ldap/queue-writer.js';
import type { ProvisioningMessage } from './message.js';

export type StageOutcome = { outcome: 'staged'; file: string } | { outcome: 'already-staged' };

export class MessageStager {
  private readonly statements;
  private readonly writer: QueueWriter;

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
      if (known.published === 0 && known.tmp && known.final) this.publish([{ tmp: known.tmp, final: known.final }]);
      return { outcome: 'already-staged' };
    }
    this.writer.stage(record);
    let files: StagedFile[] = [];
    try {
      files = this.writer.syncStaged();
      const [file] = files;
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
      this.writer.discardStaged();
      this.writer.removeOrphans(this.statements.allPendingTmp.all() as StagedFile[]);
      throw error;
    }
    this.publish(files);
    this.statements.prune.run();
    return { outcome: 'staged', file: files[0]!.final };
  }

  private publish(files: StagedFile[]): void {
    this.writer.publish(files);
    this.db.transaction(() => {
      for (const file of files) this.statements.markPublished.run(file.tmp);
    })();
  }
}
