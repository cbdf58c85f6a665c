/**
 * The users phase as the connector's log shows it: the timestamps of the first and last
 * "Created user" line. Its rate leaves out process start, the context and the groups that follow,
 * so it compares a connector run with a bare replay (bench/lib/bare-client.ts) phase for phase.
 */
import { readFileSync } from 'node:fs';

export interface CreatedUsersSpan {
  users: number;
  /** Milliseconds between the first and the last line; undefined when fewer than two. */
  spanMs?: number;
}

const LINE = /^(\d{4}-\d\d-\d\dT[\d:.]+Z)\s.*\bCreated user\b/;

export function createdUsersSpan(logFile: string): CreatedUsersSpan {
  let users = 0;
  let first: number | undefined;
  let last: number | undefined;
  for (const line of readFileSync(logFile, 'utf8').split('\n')) {
    const match = LINE.exec(line);
    if (!match) continue;
    const at = Date.parse(match[1]);
    users++;
    first ??= at;
    last = at;
  }
  return { users, spanMs: users > 1 && first !== undefined && last !== undefined ? last - first : undefined };
}

/** Users per second over the span (users / span, as the ceiling table defines it). */
export function usersPhaseRate(users: number, spanMs: number | undefined): number | undefined {
  return spanMs === undefined || spanMs <= 0 ? undefined : users / (spanMs / 1000);
}
