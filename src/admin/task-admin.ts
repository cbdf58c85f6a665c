// The administrator's view of the queue (the original's manual steps and the 3.x task CLI): what is queued,
// parked or held, and the actions on it — retry, skip with a reason, re-provision from stored state or through
// a listener trigger file (manual Listing 6.3). Every action is recorded in task_events and in
// <data dir>/ox-connector-tasks.log, so the reason for a discarded change is never lost.
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { maxQueueFileSize } from '../config/settings.js';
import { normalizeDn } from '../model/dn.js';
import { UcsQueueDir } from '../sources/ucs-queue/queue-dir.js';
import type { PolicyStore } from '../state/policy-store.js';
import type { StateStore, StoredObject } from '../state/store.js';
import { coalesce } from '../queue/queue-index.js';
import { appendBoundedLog } from './task-log.js';

export type TaskStatus = 'queued' | 'parked' | 'held' | 'malformed';

export interface TaskItem {
  objectId: string | null;
  type: string | null;
  dn: string | null;
  status: TaskStatus;
  /** Queue files of this object, oldest first. */
  files: string[];
  error?: string;
  attempts?: number;
  firstFailedAt?: string;
  nextRetryAt?: string;
  blockedBy?: string;
}

export interface TaskFilter {
  type?: string;
  dn?: string;
  status?: TaskStatus;
}

export const TASK_LOG_FILE = 'ox-connector-tasks.log';
/** Where the UCS listener takes re-read requests (manual Listing 6.3). */
export const DEFAULT_LISTENER_REQUEST_DIR = '/var/lib/univention-appcenter/listener/ox-connector';

/** Queue file name for "now" in the converter's format %Y-%m-%d-%H-%M-%S-%f, so it sorts after older files. */
export function queueFileName(now = new Date(), micro = 0): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const us = now.getUTCMilliseconds() * 1000 + micro;
  return (
    `${now.getUTCFullYear()}-${p(now.getUTCMonth() + 1)}-${p(now.getUTCDate())}-` +
    `${p(now.getUTCHours())}-${p(now.getUTCMinutes())}-${p(now.getUTCSeconds())}-${p(us, 6)}.json`
  );
}

/** Writes a JSON file atomically into dir under a fresh timestamp name; returns its path. */
export function writeQueueFile(dir: string, body: unknown, now = new Date()): string {
  mkdirSync(dir, { recursive: true });
  for (let micro = 0; ; micro++) {
    const path = join(dir, queueFileName(now, micro % 1000));
    if (existsSync(path)) continue;
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(body, null, 4), { mode: 0o600 });
    renameSync(tmp, path);
    return path;
  }
}

export class TaskAdmin {
  readonly queue: UcsQueueDir;

  constructor(
    readonly dataDir: string,
    readonly store: StateStore,
    readonly policy: PolicyStore,
    maxQueueFileBytes = maxQueueFileSize(),
  ) {
    this.queue = new UcsQueueDir(dataDir, maxQueueFileBytes);
  }

  list(filter: TaskFilter = {}): TaskItem[] {
    const { records, malformed } = this.queue.scan();
    const parked = new Map(this.store.allParked().map((p) => [p.objectId, p]));
    const held = new Map(this.policy.allHeld().map((h) => [h.objectId, h]));
    const items: TaskItem[] = malformed.map((m) => ({
      objectId: null,
      type: null,
      dn: null,
      status: 'malformed' as const,
      files: [m.file],
      error: m.error,
    }));
    for (const c of coalesce(records)) {
      const item: TaskItem = {
        objectId: c.objectId,
        type: c.udmType,
        dn: c.last.dn,
        status: 'queued',
        files: c.records.map((r) => r.source),
      };
      const p = parked.get(c.objectId);
      const h = held.get(c.objectId);
      if (p) {
        Object.assign(item, {
          status: 'parked',
          error: p.error,
          attempts: p.attempts,
          firstFailedAt: p.firstFailedAt,
          nextRetryAt: p.nextRetryAt,
        });
      } else if (h) Object.assign(item, { status: 'held', error: h.reason, blockedBy: h.blockedBy });
      items.push(item);
    }
    const dn = filter.dn ? normalizeDn(filter.dn) : undefined;
    return items.filter(
      (i) =>
        (!filter.type || i.type === filter.type) &&
        (!filter.status || i.status === filter.status) &&
        (!dn || (i.dn !== null && normalizeDn(i.dn) === dn)),
    );
  }

  /** Finds one item by object id, DN, or queue file name/path. */
  find(ref: string): TaskItem | undefined {
    const items = this.list();
    const norm = normalizeDn(ref);
    return (
      items.find((i) => i.objectId === ref) ??
      items.find((i) => i.files.some((f) => f === ref || basename(f) === ref)) ??
      items.find((i) => i.dn !== null && normalizeDn(i.dn) === norm)
    );
  }

  /** Makes a parked item due now; the connector retries it when it runs next (decision 0205: not beside a runner). */
  retry(item: TaskItem): string {
    if (item.status === 'malformed') throw new Error(`${item.files[0]} cannot be read; fix or skip it.`);
    if (item.status === 'held')
      throw new Error(`${describeItem(item)} waits for ${item.blockedBy}; retry or skip that one instead.`);
    if (item.status !== 'parked') return `${describeItem(item)} is queued, not parked; nothing to retry.`;
    this.policy.retryNow(item.objectId!);
    this.audit('retry', item, 'retry requested');
    return `Retrying ${describeItem(item)} with the next pass.`;
  }

  retryAll(): number {
    const n = this.policy.retryAllNow();
    this.audit('retry', null, `retry of all ${n} parked object(s) requested`);
    return n;
  }

  /** Discards an item's queue files (all changes of that object still queued) and says why. */
  skip(item: TaskItem, reason: string): string[] {
    if (reason.trim() === '') throw new Error('Give a reason for discarding (--reason "..."); it is logged.');
    for (const f of item.files) this.queue.remove(f);
    this.policy.clearHealthIfAbout(item.files);
    if (item.objectId) {
      this.policy.unpark(item.objectId);
      this.policy.unhold(item.objectId);
    }
    this.audit('skip', item, `discarded ${item.files.map((f) => basename(f)).join(', ')}: ${reason}`);
    return item.files;
  }

  /** Queues the object again from its stored state, asking for a full re-provisioning (every field sent). */
  reprovision(obj: StoredObject, reason = 'reprovision requested'): string {
    const file = writeQueueFile(this.queue.dir, {
      dn: obj.dn,
      id: obj.objectId,
      object: obj.attrs,
      options: ['default'],
      udm_object_type: obj.udmType,
    });
    this.policy.requestResync(obj.objectId, reason);
    this.audit('reprovision', { objectId: obj.objectId, dn: obj.dn }, `${reason}; queued ${basename(file)}`);
    return file;
  }

  /** Every stored object (optionally of one type), streamed. Deletions are never replayed. */
  reprovisionAll(type?: string, onEach: (n: number) => void = () => undefined): number {
    let n = 0;
    for (const id of this.store.objectIds(type)) {
      const obj = this.store.getObject(id);
      if (!obj) continue;
      this.reprovision(obj, 'reprovision of all objects');
      onEach(++n);
    }
    return n;
  }

  /** Manual Listing 6.3: asks the UCS listener to re-read the object from LDAP and queue it with current data. */
  trigger(obj: { objectId: string; dn: string; udmType: string }, listenerDir = DEFAULT_LISTENER_REQUEST_DIR): string {
    const file = writeQueueFile(listenerDir, {
      entry_uuid: obj.objectId,
      dn: obj.dn,
      object_type: obj.udmType,
      command: 'modify',
    });
    this.audit('reprovision', { objectId: obj.objectId, dn: obj.dn }, `listener trigger ${file}`);
    return file;
  }

  audit(action: string, item: { objectId: string | null; dn: string | null } | null, detail: string): void {
    this.policy.recordEvent(action, item?.objectId ?? null, item?.dn ?? null, detail);
    const line = `${new Date().toISOString()} ${action} ${item?.dn ?? '-'} (${item?.objectId ?? '-'}): ${detail}\n`;
    appendBoundedLog(join(this.dataDir, TASK_LOG_FILE), line);
  }
}

export function describeItem(item: TaskItem): string {
  if (item.status === 'malformed') return `queue file ${item.files[0]}`;
  return `${item.type} ${item.dn} (id ${item.objectId})`;
}
