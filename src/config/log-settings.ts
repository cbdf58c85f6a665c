// Where and how `run` logs: OX_CONNECTOR_LOG_FILE (unset: stdout, for journald or a container) and
// OX_CONNECTOR_LOG_FORMAT (text: Univention's line format; json: one object per line). Decision 0297.
import { isAbsolute } from 'node:path';
import type { LogFormat } from '../ops/log.js';
import { SettingsError } from './settings.js';

export interface LogOutputSettings {
  file: string | undefined;
  format: LogFormat;
}

const FORMATS: readonly LogFormat[] = ['text', 'json'];

export function logOutputSettings(env: Record<string, string | undefined>): LogOutputSettings {
  const problems: string[] = [];
  const file = env.OX_CONNECTOR_LOG_FILE?.trim() || undefined;
  if (file !== undefined && !isAbsolute(file)) {
    problems.push(
      `OX_CONNECTOR_LOG_FILE=${file}: must be an absolute path (e.g. /var/log/ox-connector/ox-connector.log).`,
    );
  }
  const rawFormat = env.OX_CONNECTOR_LOG_FORMAT?.trim().toLowerCase() || 'text';
  if (!FORMATS.includes(rawFormat as LogFormat)) {
    problems.push(`OX_CONNECTOR_LOG_FORMAT=${rawFormat}: must be text (the default) or json.`);
  }
  if (problems.length > 0) throw new SettingsError(problems);
  return { file, format: rawFormat as LogFormat };
}
