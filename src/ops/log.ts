// Structured logging to stdout (or OX_CONNECTOR_LOG_FILE, ops/log-file.ts) in Univention's 4.0 format:
//   <ISO timestamp> <LEVEL padded to 8> [<request id>] <message>\t| key=value key=value
// The request id is the object being processed (entryUUID) or "-". Values that look like secrets are
// never printed: keys naming passwords are masked, whatever the caller passes.
// Lines are built from directory data (ids, DNs, file names), so every part is escaped: no control character
// reaches the log, and a newline in an object id cannot start a forged line (issue 14 item 11, decision 0222).
// OX_CONNECTOR_LOG_FORMAT=json writes the same record as one JSON object per line instead (decision 0297).
import { fstatSync, writeSync } from 'node:fs';
import type { LogLevel } from '../config/settings.js';

const ORDER: Record<LogLevel, number> = { TRACE: 5, DEBUG: 10, INFO: 20, WARNING: 30, ERROR: 40, CRITICAL: 50 };
const SECRET_KEY = /pass|secret|auth|credential|token/i;
const PADDED = Object.fromEntries(Object.keys(ORDER).map((l) => [l, l.padEnd(8)])) as Record<LogLevel, string>;

export type LogData = Record<string, unknown>;

/** `text`: Univention's line format above; `json`: one JSON object per line, for log shippers (OX_CONNECTOR_LOG_FORMAT). */
export type LogFormat = 'text' | 'json';

export interface Logger {
  level: LogLevel;
  enabled(level: LogLevel): boolean;
  trace(message: string, data?: LogData): void;
  debug(message: string, data?: LogData): void;
  info(message: string, data?: LogData): void;
  warning(message: string, data?: LogData): void;
  error(message: string, data?: LogData): void;
  critical(message: string, data?: LogData): void;
  /** A logger that tags every line with this request id (object id). */
  child(requestId: string): Logger;
}

/**
 * Characters that would break a line or change how it looks on a terminal: C0 and C1 controls, DEL, Unicode line
 * and paragraph separators, and the bidirectional overrides (they reorder what an administrator reads).
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const CONTROL_ALL = new RegExp(CONTROL.source, 'g');
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

const escapeOne = (c: string) => NAMED[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** The text with every control character written as an escape (\n, \u001b): one line, printable. */
export function escapeControl(text: string): string {
  return CONTROL.test(text) ? text.replace(CONTROL_ALL, escapeOne) : text;
}

/** The controls JSON.stringify leaves as they are (it escapes C0 itself); inside JSON text they can only be in strings. */
const CONTROL_IN_JSON = /[\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** JSON for a terminal or a monitoring script: still valid JSON, the same values, and no raw control character. */
export function printableJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent).replace(CONTROL_IN_JSON, escapeOne);
}

function formatValue(value: unknown): string {
  if (value === undefined) return '';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  // JSON.stringify escapes C0 controls itself; escapeControl catches what it leaves (DEL, C1, U+2028, bidi).
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  return escapeControl(/[\s"=|\u0000-\u001f]/.test(text) ? JSON.stringify(text) : text);
}

export function formatLine(
  level: LogLevel,
  requestId: string,
  message: string,
  data?: LogData,
  now = new Date(),
): string {
  // Two lines per provisioned object at the default level: built with plain loops, no intermediate arrays.
  // A message's own line breaks (a list of problems) stay readable as ⏎; anything else is escaped.
  const text = escapeControl(message.includes('\n') ? message.replace(/\n/g, ' ⏎ ') : message);
  let line = `${now.toISOString()} ${PADDED[level]} [${escapeControl(requestId)}] ${text}`;
  let separator = '\t| ';
  if (data) {
    for (const key in data) {
      const value = data[key];
      if (value === undefined) continue;
      line += `${separator}${escapeControl(key)}=${SECRET_KEY.test(key) ? '***' : formatValue(value)}`;
      separator = ' ';
    }
  }
  return line;
}

/** The fields every JSON line has; data keys of the same name are written as `data.<key>`. */
const JSON_FIELDS = new Set(['time', 'level', 'request_id', 'message']);

/** Masks secrets at any depth: in JSON lines nested objects (an auth block, a list of credentials) stay objects. */
const maskSecrets = (key: string, value: unknown) => (key !== '' && SECRET_KEY.test(key) ? '***' : value);

/** One JSON object on one line: `time`, `level`, `request_id`, `message`, then the data's keys. */
export function jsonLine(
  level: LogLevel,
  requestId: string,
  message: string,
  data?: LogData,
  now = new Date(),
): string {
  const record: Record<string, unknown> = { time: now.toISOString(), level, request_id: requestId, message };
  if (data) {
    for (const key in data) {
      if (data[key] !== undefined) record[JSON_FIELDS.has(key) ? `data.${key}` : key] = data[key];
    }
  }
  // JSON escapes C0 controls itself; what it leaves (C1, U+2028, bidi overrides) is escaped like printableJson.
  return JSON.stringify(record, maskSecrets).replace(CONTROL_IN_JSON, escapeOne);
}

/** Writes to a file descriptor and says how many bytes were written (node's `writeSync`; tests pass another). */
export type FdWrite = (fd: number, data: string | Uint8Array) => number;

const writeFd: FdWrite = (fd, data) => (typeof data === 'string' ? writeSync(fd, data) : writeSync(fd, data));

/**
 * Writes a line to stdout. When stdout is a file (the service's log, the benchmark) node's stream writes it
 * synchronously anyway, one syscall per line; writing the fd directly skips the stream machinery (decision
 * 0192). Order and durability
 * are those of the stream: it writes each line at once too. A short write (the kernel took only part of the
 * line) is continued until the whole line is written. A failing direct write (disk full) hands what is left of
 * the line to the stream, which reports it as before. Pipes and terminals keep the stream.
 */
export function stdoutWriter(fd = 1, write: FdWrite = writeFd): (line: string) => void {
  let direct = false;
  try {
    direct = fstatSync(fd).isFile();
  } catch {
    direct = false;
  }
  if (!direct) return (line) => process.stdout.write(line + '\n');
  return (line) => {
    const text = line + '\n';
    if (!direct) {
      process.stdout.write(text);
      return;
    }
    let rest: Uint8Array | undefined;
    try {
      const written = write(fd, text);
      if (written === Buffer.byteLength(text)) return;
      rest = Buffer.from(text).subarray(written);
      while (rest.length > 0) {
        const more = write(fd, rest);
        // Nothing taken and no error: let the stream deal with it rather than spin.
        if (more <= 0) throw new Error('short write');
        rest = rest.subarray(more);
      }
    } catch {
      direct = false;
      process.stdout.write(rest ?? text);
    }
  };
}

let defaultWriter: ((line: string) => void) | undefined;

export function createLogger(
  level: LogLevel,
  write: (line: string) => void = (defaultWriter ??= stdoutWriter()),
  requestId = '-',
  format: LogFormat = 'text',
): Logger {
  const threshold = ORDER[level];
  const line = format === 'json' ? jsonLine : formatLine;
  const emit = (lvl: LogLevel) => (message: string, data?: LogData) => {
    if (ORDER[lvl] >= threshold) write(line(lvl, requestId, message, data));
  };
  return {
    level,
    enabled: (lvl) => ORDER[lvl] >= threshold,
    trace: emit('TRACE'),
    debug: emit('DEBUG'),
    info: emit('INFO'),
    warning: emit('WARNING'),
    error: emit('ERROR'),
    critical: emit('CRITICAL'),
    child: (id) => createLogger(level, write, id, format),
  };
}
