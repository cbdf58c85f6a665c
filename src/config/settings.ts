// Settings from the environment, with the UCS app's names and defaults (docs/reference/original-connector.md).
// An empty value means "unset" everywhere (the original was inconsistent about this).
// Validation collects every problem so the administrator sees all of them at once (one line each).
import { join } from 'node:path';
import { readBooleanSetting } from './boolean-setting.js';
import { caCertificatesDir } from './trust-store.js';

export const DEFAULT_DATA_DIR = '/var/lib/univention-appcenter/apps/ox-connector/data';

export type LogLevel = 'TRACE' | 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR' | 'CRITICAL';
const LOG_LEVELS: readonly LogLevel[] = ['TRACE', 'DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'];

export interface Settings {
  dataDir: string;
  soapServer: string;
  imapServer: string;
  smtpServer: string;
  defaultContext: number;
  language: string;
  timezone: string;
  masterAdmin: string;
  /** From OX_MASTER_PASSWORD; undefined = take it from the credentials file's "master" entry. */
  masterPassword: string | undefined;
  imapLoginTemplate: string;
  functionalAccountLoginTemplate: string;
  userIdentifier: string;
  groupIdentifier: string;
  logLevel: LogLevel;
  enableDeputyPermissions: boolean;
  credentialsFile: string;
  domainName: string;
  /** SOAP calls in flight to OX at once: objects provisioned in parallel within a phase. */
  concurrency: number;
  /**
   * Objects prepared ahead beyond `concurrency` while every OX connection is busy, so a freed connection carries
   * the next call at once (OX_CONNECTOR_LOOKAHEAD, default 2; 0 = exactly `concurrency` objects at a time, as
   * before; decision 0194). OX never sees more than `concurrency` calls at once either way.
   */
  lookahead: number;
  stopOnError: boolean;
  maxBackoffSeconds: number;
  soapTimeoutMs: number;
  /**
   * Queue files (MB) whose parsed records a pass keeps in memory after indexing, so they are read only once
   * (OX_CONNECTOR_QUEUE_MEMORY_MB, default 16; 0 = read every file again when its turn comes; decision 0192).
   */
  queueMemoryMb: number;
  /**
   * Queue files one pass indexes, oldest first (OX_CONNECTOR_PASS_MAX_FILES, default 100,000; 0 = the whole queue,
   * as before decision 0338): bounds memory at a million queued files.
   */
  passMaxFiles: number;
  /** Directory with extra CA certificates (*.pem, *.crt), as the UCS app's data/conf/ca-certificates. */
  caDir: string;
  /** OX_CONNECTOR_MAX_QUEUE_FILE_SIZE: larger queue files are reported and left unread (decision 0220). */
  maxQueueFileBytes: number;
}

export class SettingsError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'SettingsError';
  }
}

type Env = Record<string, string | undefined>;

function get(env: Env, name: string): string | undefined {
  const value = env[name];
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

function parseUrl(name: string, value: string, schemes: string[], problems: string[]): void {
  try {
    const url = new URL(value);
    if (!schemes.includes(url.protocol.replace(/:$/, ''))) {
      problems.push(
        `${name}=${value}: the scheme must be one of ${schemes.join(', ')} (for example ${schemes[0]}://host).`,
      );
    }
  } catch {
    problems.push(
      `${name}=${value}: not a URL; give the scheme and host, for example ${schemes[0]}://mail.example.org.`,
    );
  }
}

function parseInteger(
  name: string,
  value: string | undefined,
  fallback: number,
  min: number,
  problems: string[],
): number {
  if (value === undefined) return fallback;
  if (!/^-?\d+$/.test(value) || Number(value) < min) {
    problems.push(`${name}=${value}: must be a whole number of at least ${min}.`);
    return fallback;
  }
  return Number(value);
}

export interface SettingsOverrides {
  dataDir?: string;
}

/** Reads and validates all settings; throws SettingsError listing every problem. */
export function loadSettings(env: Env = process.env, overrides: SettingsOverrides = {}): Settings {
  const problems: string[] = [];
  const dataDir = overrides.dataDir ?? get(env, 'OX_CONNECTOR_DATA_DIR') ?? DEFAULT_DATA_DIR;

  const soapServer = get(env, 'OX_SOAP_SERVER') ?? 'http://127.0.0.1';
  parseUrl('OX_SOAP_SERVER', soapServer, ['https', 'http'], problems);
  const imapServer = get(env, 'OX_IMAP_SERVER') ?? 'imap://localhost:143';
  parseUrl('OX_IMAP_SERVER', imapServer, ['imap', 'imaps'], problems);
  const smtpServer = get(env, 'OX_SMTP_SERVER') ?? 'smtp://localhost:587';
  parseUrl('OX_SMTP_SERVER', smtpServer, ['smtp', 'smtps'], problems);

  const defaultContext = parseInteger('DEFAULT_CONTEXT', get(env, 'DEFAULT_CONTEXT'), 10, 1, problems);

  const language = get(env, 'OX_LANGUAGE') ?? 'de_DE';
  // OX's own rule is "contains an underscore" (en_US, de_CH, ca_ES); refuse only what OX would refuse anyway.
  if (!/^[A-Za-z]{2,8}_[A-Za-z0-9]{2,8}$/.test(language)) {
    problems.push(`OX_LANGUAGE=${language}: must look like de_DE (language_COUNTRY).`);
  }
  const timezone = get(env, 'LOCAL_TIMEZONE') ?? 'Europe/Berlin';
  if (!isKnownTimeZone(timezone)) {
    problems.push(`LOCAL_TIMEZONE=${timezone}: not a known time zone; use an IANA name such as Europe/Berlin.`);
  }

  const rawLevel = (get(env, 'OX_CONNECTOR_LOG_LEVEL') ?? 'INFO').toUpperCase();
  const logLevel = (rawLevel === 'WARN' ? 'WARNING' : rawLevel) as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    problems.push(`OX_CONNECTOR_LOG_LEVEL=${rawLevel}: must be one of ${LOG_LEVELS.join(', ')}.`);
  }

  const userIdentifier = get(env, 'OX_USER_IDENTIFIER') ?? 'username';
  const groupIdentifier = get(env, 'OX_GROUP_IDENTIFIER') ?? 'name';
  for (const [name, value] of [
    ['OX_USER_IDENTIFIER', userIdentifier],
    ['OX_GROUP_IDENTIFIER', groupIdentifier],
  ] as const) {
    if (!/^[A-Za-z][\w-]*$/.test(value))
      problems.push(`${name}=${value}: must be the name of one UDM property, for example username.`);
  }

  const settings: Settings = {
    dataDir,
    soapServer,
    imapServer,
    smtpServer,
    defaultContext,
    language,
    timezone,
    masterAdmin: get(env, 'OX_MASTER_ADMIN') ?? 'oxadminmaster',
    masterPassword: get(env, 'OX_MASTER_PASSWORD'),
    imapLoginTemplate: get(env, 'OX_IMAP_LOGIN') ?? '{}',
    functionalAccountLoginTemplate: get(env, 'OX_FUNCTIONAL_ACCOUNT_LOGIN_TEMPLATE') ?? '{{fa_entry_uuid}}{{username}}',
    userIdentifier,
    groupIdentifier,
    logLevel,
    // The original read this one as on only for "true"; every switch now reads the same words (decision 0300).
    enableDeputyPermissions: readBooleanSetting(
      'OX_ENABLE_DEPUTY_PERMISSIONS',
      get(env, 'OX_ENABLE_DEPUTY_PERMISSIONS'),
      false,
      problems,
    ),
    credentialsFile: get(env, 'OX_CREDENTIALS_FILE') ?? join(dataDir, 'secrets', 'contexts.json'),
    domainName: get(env, 'DOMAINNAME') ?? 'localhost.localdomain',
    concurrency: parseInteger('OX_CONNECTOR_CONCURRENCY', get(env, 'OX_CONNECTOR_CONCURRENCY'), 8, 1, problems),
    lookahead: parseInteger('OX_CONNECTOR_LOOKAHEAD', get(env, 'OX_CONNECTOR_LOOKAHEAD'), 2, 0, problems),
    stopOnError: readBooleanSetting(
      'OX_CONNECTOR_STOP_ON_ERROR',
      get(env, 'OX_CONNECTOR_STOP_ON_ERROR'),
      false,
      problems,
    ),
    maxBackoffSeconds: parseInteger(
      'OX_CONNECTOR_MAX_BACKOFF',
      get(env, 'OX_CONNECTOR_MAX_BACKOFF'),
      1200,
      1,
      problems,
    ),
    soapTimeoutMs: parseInteger(
      'OX_CONNECTOR_SOAP_TIMEOUT_MS',
      get(env, 'OX_CONNECTOR_SOAP_TIMEOUT_MS'),
      60_000,
      100,
      problems,
    ),
    queueMemoryMb: parseInteger(
      'OX_CONNECTOR_QUEUE_MEMORY_MB',
      get(env, 'OX_CONNECTOR_QUEUE_MEMORY_MB'),
      16,
      0,
      problems,
    ),
    passMaxFiles: parseInteger(
      'OX_CONNECTOR_PASS_MAX_FILES',
      get(env, 'OX_CONNECTOR_PASS_MAX_FILES'),
      100_000,
      0,
      problems,
    ),
    caDir: caCertificatesDir(dataDir),
    maxQueueFileBytes: parseMaxQueueFileSize(env, problems),
  };
  if (problems.length > 0) throw new SettingsError(problems);
  return settings;
}

/** 32 MiB: above the largest user UCS can write (docs/reference/queue-files.md, decision 0220). */
export const DEFAULT_MAX_QUEUE_FILE_SIZE = 32 * 1024 * 1024;

function parseMaxQueueFileSize(env: Env, problems: string[]): number {
  const name = 'OX_CONNECTOR_MAX_QUEUE_FILE_SIZE';
  return parseInteger(name, get(env, name), DEFAULT_MAX_QUEUE_FILE_SIZE, 1024, problems);
}

/**
 * The queue file size limit for the administrator's tools, which must work when other settings are broken: an
 * invalid value falls back to the default (`run` refuses it with the other settings problems).
 */
export function maxQueueFileSize(env: Env = process.env): number {
  return parseMaxQueueFileSize(env, []);
}

/** ICU's canonical zone names, asked once: ~1 ms, where a first DateTimeFormat with a zone costs ~10 ms at start-up. */
let canonicalZones: Set<string> | undefined;

function isKnownTimeZone(tz: string): boolean {
  canonicalZones ??= new Set(Intl.supportedValuesOf('timeZone'));
  if (canonicalZones.has(tz)) return true;
  // Aliases (UTC, Etc/UTC, US/Eastern, Asia/Calcutta) are valid too but not in the canonical list.
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
