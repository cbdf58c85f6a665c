// The Nagios plugin verdict of `ox-connector check` (decision 0290): one line "OX-CONNECTOR <STATE> - <summary> |
// <perfdata>" and the plugin exit code (0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN). Pure: the command gathers the
// figures. `status` keeps the original's get_current_error JSON; this is the plugin a new installation uses.
import { escapeControl } from './log.js';

export const OK = 0;
export const WARNING = 1;
export const CRITICAL = 2;
export const UNKNOWN = 3;
export type PluginState = typeof OK | typeof WARNING | typeof CRITICAL | typeof UNKNOWN;
const NAMES = ['OK', 'WARNING', 'CRITICAL', 'UNKNOWN'] as const;

export interface CheckFigures {
  dataDir: string;
  queue: number;
  parked: number;
  held: number;
  oldestAgeSeconds: number;
  /** Failed attempts in a row (OX unreachable or failing as a whole), from the health record. */
  consecutiveErrors: number;
  /** Who holds the data directory's runner lock (engine/lock-probe.ts). */
  lock: { held: boolean; pid?: number; kind?: string };
}

export interface CheckThresholds {
  warnAgeSeconds: number;
  critAgeSeconds: number;
}

/** Defaults: an item waiting a quarter of an hour is worth a look, one waiting an hour is an outage. */
export const DEFAULT_THRESHOLDS: CheckThresholds = { warnAgeSeconds: 900, critAgeSeconds: 3600 };

const RUNNER = 'ox-connector runner';

export function evaluate(f: CheckFigures, t: CheckThresholds): { state: PluginState; line: string } {
  const problems: { state: PluginState; text: string }[] = [];
  const runnerHolds = f.lock.held && (f.lock.kind === undefined || f.lock.kind === RUNNER);
  if (f.queue > 0 && !runnerHolds) {
    problems.push(
      f.lock.held
        ? {
            state: WARNING,
            text: `${f.lock.kind} (PID ${f.lock.pid ?? '?'}) holds ${f.dataDir}, no runner processes the queue until it ends`,
          }
        : {
            state: CRITICAL,
            text: `no runner holds ${f.dataDir} while ${f.queue} item(s) are queued: start the connector (systemctl start ox-connector)`,
          },
    );
  }
  if (f.oldestAgeSeconds >= t.critAgeSeconds)
    problems.push({ state: CRITICAL, text: `oldest item waits ${f.oldestAgeSeconds}s (>= ${t.critAgeSeconds}s)` });
  else if (f.oldestAgeSeconds >= t.warnAgeSeconds)
    problems.push({ state: WARNING, text: `oldest item waits ${f.oldestAgeSeconds}s (>= ${t.warnAgeSeconds}s)` });
  if (f.parked > 0)
    problems.push({
      state: WARNING,
      text: `${f.parked} object(s) parked: see ox-connector tasks list --status parked`,
    });
  if (f.consecutiveErrors > 0 && f.parked === 0)
    problems.push({
      state: WARNING,
      text: `${f.consecutiveErrors} failed attempt(s) in a row: see ox-connector status`,
    });
  const state = problems.reduce<PluginState>((worst, p) => (p.state > worst ? p.state : worst), OK);
  const summary = `queue ${f.queue}, parked ${f.parked}${f.held > 0 ? `, held ${f.held}` : ''}`;
  const why = problems.length > 0 ? `: ${problems.map((p) => p.text).join('; ')}` : '';
  const perf = `queue=${f.queue} parked=${f.parked} oldest=${f.oldestAgeSeconds}s`;
  // One printable line (decision 0222); a "|" before the perfdata would cut the text short.
  const text = `OX-CONNECTOR ${NAMES[state]} - ${summary}${why}`.replaceAll('|', '/');
  return { state, line: escapeControl(`${text} | ${perf}`) };
}

/** A plugin that cannot tell: exit 3 with what to do. */
export function unknownLine(reason: string): string {
  return escapeControl(`OX-CONNECTOR UNKNOWN - ${reason.replaceAll('|', '/')}`);
}
