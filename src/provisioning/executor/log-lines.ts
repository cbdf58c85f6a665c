// Log lines as data: planners decide what to say, and the handler writes it (planners do no I/O).
import type { Logger } from '../../ops/log.js';

export interface LogLine {
  level: 'debug' | 'info' | 'warning';
  message: string;
  fields?: Record<string, unknown>;
}

export function writeLogLines(log: Logger, lines: readonly LogLine[]): void {
  for (const line of lines) {
    if (line.fields) log[line.level](line.message, line.fields);
    else log[line.level](line.message);
  }
}
