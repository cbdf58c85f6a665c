// The values of single properties as the original connector reads them (docs/reference/original-connector.md): the
// login name, dates, JPEG pictures, the mail server settings and the OX_IMAP_LOGIN template. Pure: no I/O.
import { singleString, type UdmAttributes } from '../../model/values.js';
import { PermanentError } from '../types.js';

/** Value of the OX_USER_IDENTIFIER property, validated (a clear error instead of the original's assertion). */
export function userLoginName(attrs: UdmAttributes, objectId: string, identifier: string, what: string): string {
  const raw = identifier === 'entryUUID' ? objectId : attrs[identifier];
  if (Array.isArray(raw) && raw.length > 1) {
    throw new PermanentError(
      `Cannot provision ${what}: OX_USER_IDENTIFIER=${identifier} names a property with several values (${raw.length}); choose a single-valued property or give the user one value.`,
    );
  }
  const value = singleString(raw);
  if (value === undefined || value.trim() === '') {
    throw new PermanentError(
      `Cannot provision ${what}: the property ${identifier} named by OX_USER_IDENTIFIER is empty; give the user a value or change the setting.`,
    );
  }
  return value;
}

/** YYYY-MM-DD or DD.MM.YYYY (non-padded accepted) → YYYY-MM-DD; years before 1900 refused as in the original. */
export function parseUdmDate(value: string): string | undefined {
  let y: number, m: number, d: number;
  let match = /^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$/.exec(value);
  if (match) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else {
    match = /^\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\s*$/.exec(value);
    if (!match) return undefined;
    [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  }
  if (y < 1900) return undefined;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return undefined;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** JPEG detection on the decoded bytes: JFIF/Exif marker or a raw JPEG start (FF D8 FF). */
export function isJpegBase64(b64: string): boolean {
  const bytes = Buffer.from(b64.slice(0, 64), 'base64');
  if (bytes.length < 3) return false;
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return true;
  const marker = bytes.subarray(6, 10).toString('latin1');
  return marker === 'JFIF' || marker === 'Exif';
}

/** The two mail server settings, parsed once (they are asked for every user). */
const mailServerCache = new Map<string, { host: string; port: number | undefined; schema: string }>();

/** The host, port and scheme of OX_IMAP_SERVER / OX_SMTP_SERVER. */
export function mailServerParts(url: string): { host: string; port: number | undefined; schema: string } {
  let parts = mailServerCache.get(url);
  if (!parts) {
    parts = parseMailServer(url);
    if (mailServerCache.size > 16) mailServerCache.clear();
    mailServerCache.set(url, parts);
  }
  return parts;
}

function parseMailServer(url: string): { host: string; port: number | undefined; schema: string } {
  const parsed = new URL(url);
  return {
    // Lower-cased as Python's urlparse().hostname does (WHATWG URL keeps the case for imap:// and smtp://).
    host: parsed.hostname.toLowerCase(),
    port: parsed.port ? Number(parsed.port) : undefined,
    schema: `${parsed.protocol.replace(/:$/, '')}://`,
  };
}

/**
 * OX_IMAP_LOGIN (docs/reference/original-connector.md, app 2.3.0): a template with both "{" and "}" is filled like
 * Python's str.format with the primary address as the positional field and the UDM properties as named fields:
 * "{}" and "{0}" → primary address, "{prop}" → that property, "{{" / "}}" → literal braces. Without braces the
 * template is used literally. Unlike Python, several "{}" all get the primary address (Python fails there).
 */
export function imapLogin(template: string, email1: string, attrs: UdmAttributes, what: string): string {
  if (!(template.includes('{') && template.includes('}'))) return template;
  return template.replace(/\{\{|\}\}|\{([^{}]*)\}/g, (all, key: string | undefined) => {
    if (all === '{{') return '{';
    if (all === '}}') return '}';
    if (key === '' || key === '0') return email1;
    const value = singleString(attrs[key as string]);
    if (value === undefined) {
      throw new PermanentError(
        `Cannot provision ${what}: OX_IMAP_LOGIN uses {${key}}, but the user has no value for ${key}; give it one or change the setting.`,
      );
    }
    return value;
  });
}
