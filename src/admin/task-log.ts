// <data dir>/ox-connector-tasks.log, the audit trail of tasks retry/skip/reprovision, is bounded in size here
// rather than by logrotate: it lives in the data directory (the UCS app's or any other), where no rotation
// config reaches. The full history stays in the store's task_events table (decision 0297).
import { appendFileSync, renameSync, statSync } from 'node:fs';

/** 1 MiB per file, two files: thousands of audited actions. */
export const TASK_LOG_LIMIT_BYTES = 1024 * 1024;

/** Appends `line`; when the file would pass `limit` bytes, it first becomes `<path>.1` (replacing the older one). */
export function appendBoundedLog(path: string, line: string, limit = TASK_LOG_LIMIT_BYTES): void {
  let size = 0;
  try {
    size = statSync(path).size;
  } catch {
    size = 0; // no file yet
  }
  if (size > 0 && size + Buffer.byteLength(line) > limit) renameSync(path, `${path}.1`);
  appendFileSync(path, line, { mode: 0o640 });
}
