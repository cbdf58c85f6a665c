// `status --verbose`: the health JSON plus what an administrator asks next — how much is queued, what is
// parked or held, whether OX retries are pending, and when the last change went through.
import { readdirSync } from 'node:fs';
import type { PolicyStore } from '../state/policy-store.js';
import { NO_AUTOMATIC_RETRY, type StateStore } from '../state/store.js';
import { currentError, type CurrentError } from './health.js';
import { escapeControl, printableJson } from './log.js';

export interface VerboseStatus {
  health: CurrentError;
  queueDepth: number;
  parked: {
    objectId: string;
    type: string;
    dn: string;
    file: string;
    error: string;
    attempts: number;
    nextRetryAt: string;
  }[];
  held: { objectId: string; type: string; dn: string; blockedBy: string; reason: string }[];
  /** Parked objects whose automatic retry is still ahead, and consecutive failed attempts (OX unreachable). */
  retriesPending: number;
  consecutiveErrors: number;
  lastSuccess: { object: string; at: string } | null;
}

export function queueDepth(queueDir: string): number {
  try {
    return readdirSync(queueDir).filter((n) => n.endsWith('.json') && n !== 'restart.json').length;
  } catch {
    return 0;
  }
}

export function verboseStatus(
  store: StateStore,
  policy: PolicyStore,
  queueDir: string,
  now = Date.now(),
): VerboseStatus {
  const h = store.health();
  const parked = store.allParked();
  return {
    health: currentError(store),
    queueDepth: queueDepth(queueDir),
    parked: parked.map((p) => ({
      objectId: p.objectId,
      type: p.udmType,
      dn: p.dn,
      file: p.source,
      error: p.error,
      attempts: p.attempts,
      nextRetryAt: p.nextRetryAt,
    })),
    held: policy.allHeld().map((r) => ({
      objectId: r.objectId,
      type: r.udmType,
      dn: r.dn,
      blockedBy: r.blockedBy,
      reason: r.reason,
    })),
    retriesPending: parked.filter((p) => p.nextRetryAt !== NO_AUTOMATIC_RETRY && Date.parse(p.nextRetryAt) > now)
      .length,
    consecutiveErrors: Number(h.errors ?? '0') || 0,
    lastSuccess: h.last_success_at ? { object: h.last_success_object ?? '', at: h.last_success_at } : null,
  };
}

export function formatVerbose(s: VerboseStatus): string {
  const lines = [printableJson(s.health)];
  lines.push(`queue depth: ${s.queueDepth}`);
  lines.push(`parked objects: ${s.parked.length}`);
  for (const p of s.parked)
    lines.push(
      `  ${p.type} ${p.dn} (id ${p.objectId}), ${p.attempts} attempt(s), next retry ${retryText(p.nextRetryAt)}: ${p.error}`,
    );
  lines.push(`held behind a parked object: ${s.held.length}`);
  for (const r of s.held) lines.push(`  ${r.type} ${r.dn} (id ${r.objectId}): ${r.reason}`);
  lines.push(`retries pending: ${s.retriesPending}`);
  lines.push(`consecutive errors: ${s.consecutiveErrors}`);
  lines.push(
    s.lastSuccess
      ? `last successful change: ${s.lastSuccess.object} at ${s.lastSuccess.at}`
      : 'last successful change: none yet',
  );
  // DNs, ids, file names and errors come from directory data: one printable line each (decision 0222).
  return lines.map(escapeControl).join('\n');
}

/** A permanent failure has no timed retry (decision 0217): say what tries it again instead of a date. */
export function retryText(nextRetryAt: string): string {
  return nextRetryAt === NO_AUTOMATIC_RETRY
    ? 'none (tried again when the directory changes it, or by tasks retry)'
    : nextRetryAt;
}
