// The status page (GET /, decision 0293): server-rendered HTML, no external assets, refreshes itself. Every value
// that came from the directory, OX or the store is HTML-escaped; commands are shell-quoted, then escaped.
import { currentError, isHealthy } from '../health.js';
import { queueFigures } from '../queue-figures.js';
import { retryText } from '../status.js';
import type { ConnectorMetrics } from './metrics.js';
import type { WatchedStore } from './watched-store.js';

export const REFRESH_SECONDS = 10;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A word the shell takes as it is; else single-quoted. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

function age(seconds: number): string {
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.floor(seconds / 60)} min`;
  return `${Math.floor(seconds / 3600)} h ${Math.floor((seconds % 3600) / 60)} min`;
}

const CSS = `body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}h1{font-size:1.4em}
table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #ccc;padding:.3em .5em;text-align:left;vertical-align:top}
th{background:#f3f3f3}.ok{color:#075e07}.bad{color:#a40000}code{display:block;background:#f6f6f6;padding:.1em .3em;margin:.1em 0;white-space:nowrap}
dl{display:grid;grid-template-columns:max-content auto;gap:.2em 1em}dt{font-weight:bold}`;

export function renderStatusPage(w: WatchedStore, metrics: ConnectorMetrics, now = Date.now()): string {
  const e = escapeHtml;
  const health = currentError(w.store);
  const healthy = isHealthy(health);
  const queue = queueFigures(w.queueDir, now);
  const parked = w.store.allParked();
  const held = w.policy.allHeld();
  const lastSuccess = w.store.health().last_success_at;
  const dataDir = shellQuote(w.dataDir);
  const cmd = (words: string) => `<code>${e(`ox-connector ${words} --data-dir ${dataDir}`)}</code>`;
  const t = metrics.throughput;
  const rate = [1, 5, 15].map((m) => `${t.inLast(m, now)} in the last ${m} min`).join(', ');
  const parkedRows = parked.map(
    (p) => `<tr><td>${e(p.dn)}</td><td>${e(p.udmType)}</td><td>${e(p.error)}</td><td>${e(p.firstFailedAt)}</td>
<td>${p.attempts}</td><td>${e(retryText(p.nextRetryAt))}</td>
<td>${cmd(`tasks retry ${shellQuote(p.objectId)}`)}${cmd(`tasks skip ${shellQuote(p.objectId)} --reason '…'`)}</td></tr>`,
  );
  const heldRows = held.map(
    (h) => `<tr><td>${e(h.dn)}</td><td>${e(h.udmType)}</td><td>${e(h.reason)}</td><td>${e(h.since)}</td>
<td>the object it waits for: ${cmd(`tasks retry ${shellQuote(h.blockedBy)}`)}this one: ${cmd(`tasks skip ${shellQuote(h.objectId)} --reason '…'`)}</td></tr>`,
  );
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="${REFRESH_SECONDS}">
<meta name="viewport" content="width=device-width">
<title>${healthy ? 'OK' : 'PROBLEM'} - ox-connector</title><style>${CSS}</style></head><body>
<h1>ox-connector <small>${e(w.dataDir)}</small></h1>
<dl>
<dt>Health</dt><dd id="health" class="${healthy ? 'ok' : 'bad'}">${healthy ? 'healthy' : `unhealthy: ${e(health.message ?? `${health.errors} error(s)`)}`}</dd>
<dt>OX</dt><dd id="ox">${metrics.ox.ready(now) ? 'answering (or not needed)' : 'not answering'}${metrics.ox.lastAnswerAt ? `, last answer ${e(new Date(metrics.ox.lastAnswerAt).toISOString())}` : ''}</dd>
<dt>Queue depth</dt><dd id="queue-depth">${queue.depth}</dd>
<dt>Oldest queued item</dt><dd id="oldest-age">${queue.depth > 0 ? `waits ${age(queue.oldestAgeSeconds)}` : 'none'}</dd>
<dt>Provisioned</dt><dd id="rate">${rate}</dd>
<dt>Last success</dt><dd>${lastSuccess ? e(lastSuccess) : 'none yet'}</dd>
</dl>
<h2>Parked objects (${parked.length})</h2>
${
  parked.length === 0
    ? '<p>None.</p>'
    : `<p>Fix the cause (the error says what OX or the connector refused), then retry; or discard the object's queued changes with skip. These commands change the store: stop the connector first (systemctl stop ox-connector), then start it again.</p>
<table id="parked"><tr><th>DN</th><th>Type</th><th>Error</th><th>Since</th><th>Tries</th><th>Next automatic retry</th><th>Commands</th></tr>
${parkedRows.join('\n')}</table>`
}
<h2>Held behind a parked object (${held.length})</h2>
${
  held.length === 0
    ? '<p>None.</p>'
    : `<table id="held"><tr><th>DN</th><th>Type</th><th>Waits because</th><th>Since</th><th>Commands</th></tr>
${heldRows.join('\n')}</table>`
}
<p><small>${e(new Date(now).toISOString())}; this page refreshes every ${REFRESH_SECONDS} s. Metrics: <a href="metrics">/metrics</a>.</small></p>
</body></html>
`;
}
