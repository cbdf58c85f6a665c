// Value rules for User members: mail endpoints, language, time zone, password mechanism, mail addresses,
// login names, user attributes. Each check throws OX's InvalidDataException text.
import { invalidData } from './faults.js';
import type { AttributeMap, MailEndpoint } from './store.js';
import { asObjectList, isGiven, str } from './values.js';

// ---- mail endpoints (imapServer / smtpServer) ----

const SSL_PORT: Record<string, number> = { imap: 993, smtp: 465 };
const PLAIN_PORT: Record<string, number> = { imap: 143, smtp: 25 };

/** `imap://host:143`, `imaps://host`, or just `host`, as OX accepts it in imapServer/smtpServer. */
export function parseEndpoint(kind: 'imap' | 'smtp', value: string, portOverride?: number): MailEndpoint {
  const match = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/(.*)$/.exec(value.trim());
  let schema = `${kind}://`;
  let rest = value.trim();
  if (match) {
    schema = `${match[1].toLowerCase()}://`;
    rest = match[2];
  }
  rest = rest.replace(/\/.*$/, '');
  let host = rest;
  let port: number | undefined;
  const portMatch = /^(.*):(\d+)$/.exec(rest);
  if (portMatch) {
    host = portMatch[1];
    port = Number(portMatch[2]);
  }
  if (portOverride !== undefined) port = portOverride;
  // The port decides between the plain and the SSL variant, as OX does when imapPort/smtpPort is sent.
  if (port === SSL_PORT[kind]) schema = `${kind}s://`;
  if (port === undefined) port = schema === `${kind}s://` ? SSL_PORT[kind] : PLAIN_PORT[kind];
  return { schema, host, port };
}

export function endpointString(e: MailEndpoint): string {
  return `${e.schema}${e.host}:${e.port}`;
}

export const DEFAULT_IMAP: MailEndpoint = { schema: 'imap://', host: 'localhost', port: 143 };
export const DEFAULT_SMTP: MailEndpoint = { schema: 'smtp://', host: 'localhost', port: 25 };

// ---- language, time zone, password mechanism ----

export function checkLanguage(language: string, onChange: boolean): string {
  if (language.split('_').length !== 2) {
    throw invalidData(
      onChange ? 'Language must contain an underscore, e.g. en_US.' : 'language must contain an underscore, e.g. en_US',
    );
  }
  return language;
}

const validZones = new Map<string, boolean>();

export function checkTimezone(timezone: string): string {
  let valid = validZones.get(timezone);
  if (valid === undefined) {
    // Java accepts its own zone IDs (IANA names plus a few legacy ones); offsets like "+01:00" are not IDs.
    valid = /^[A-Za-z]/.test(timezone) && zoneKnownToIntl(timezone);
    validZones.set(timezone, valid);
  }
  if (!valid) throw invalidData('The given timezone is invalid');
  return timezone;
}

function zoneKnownToIntl(timezone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: timezone });
    return true;
  } catch {
    return false;
  }
}

const PASSWORD_MECHS = ['{CRYPT}', '{SHA}', '{SHA-1}', '{SHA-256}', '{SHA-512}', '{BCRYPT}'];

export function checkPasswordMech(mech: string): string {
  const normalized = (mech.startsWith('{') ? mech : `{${mech}}`).toUpperCase();
  if (!PASSWORD_MECHS.includes(normalized)) {
    throw invalidData(`Invalid PasswordMech: ${mech}. Use one of the following: ${PASSWORD_MECHS.join(', ')}`);
  }
  return normalized;
}

// ---- names and addresses ----

const USER_NAME_ALLOWED = /[$@%.+a-zA-Z0-9_-]/;

export function checkUserNameChars(name: string): void {
  const illegal = [...new Set([...name].filter((c) => !USER_NAME_ALLOWED.test(c)))].join('');
  if (illegal !== '') throw invalidData(`Illegal chars: "${illegal}"`);
}

const GROUP_NAME_ALLOWED = /[ $@%.+a-zA-Z0-9_-]/;

export function checkGroupOrResourceNameChars(name: string): void {
  const illegal = [...new Set([...name].filter((c) => !GROUP_NAME_ALLOWED.test(c)))].join('');
  if (illegal !== '') throw invalidData(`Illegal chars: "${illegal}"`);
}

// A pragmatic RFC 5322 addr-spec check: what javax.mail's strict parser rejects in practice (spaces, missing
// local part or domain, several @, brackets) is rejected here too. Unicode (IDN) domains are accepted.
const MAIL_ADDRESS = /^[^\s@<>()[\],;:"\\]+@[^\s@<>()[\],;:"\\]+$/;

export function isValidMailAddress(address: string): boolean {
  return MAIL_ADDRESS.test(address) && !address.startsWith('.') && !address.includes('..') && !address.endsWith('.');
}

export function checkMailAddress(address: string): void {
  if (!isValidMailAddress(address)) throw invalidData(`Invalid email address: ${address}`);
}

// ---- folder modes ----

const FOLDER_MODES = ['default', 'normal', 'none'];

export function checkFolderMode(mode: string): string {
  if (!FOLDER_MODES.includes(mode)) {
    throw invalidData(
      `An invalid folder mode was selected. Only the following modes are allowed: \n${FOLDER_MODES.join('\n')}`,
    );
  }
  return mode;
}

// ---- user attributes (SOAPStringMapMap) ----

/**
 * Merges a SOAPStringMapMap into `target`: entries with a nil value delete `namespace/key`
 * (docs/reference/ox-soap-contract.md).
 */
export function mergeAttributes(target: AttributeMap, wire: unknown): void {
  const map = wire as { entries?: unknown } | null | undefined;
  if (!isGiven(map)) return;
  for (const nsEntry of asObjectList(map.entries)) {
    const namespace = str(nsEntry, 'key');
    if (namespace === undefined) continue;
    const inner = nsEntry.value as { entries?: unknown } | null | undefined;
    for (const entry of asObjectList(inner?.entries)) {
      const key = str(entry, 'key');
      if (key === undefined) continue;
      const value = str(entry, 'value');
      const bucket = (target[namespace] ??= {});
      if (value === undefined) delete bucket[key];
      else bucket[key] = value;
    }
    if (target[namespace] && Object.keys(target[namespace]).length === 0) delete target[namespace];
  }
}

export function attributesToWire(attributes: AttributeMap): unknown {
  const namespaces = Object.keys(attributes);
  if (namespaces.length === 0) return undefined;
  return {
    entries: namespaces.map((ns) => ({
      key: ns,
      value: { entries: Object.entries(attributes[ns]).map(([key, value]) => ({ key, value })) },
    })),
  };
}
