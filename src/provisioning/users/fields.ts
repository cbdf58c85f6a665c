// Computes the OX user (SOAP element → value) that a UDM user should have, from the attribute mapping
// (docs/reference/original-connector.md). Pure: no I/O, so the same function serves create, change diffs and checks.
import {
  CLEARABLE_USER_PROPERTIES,
  soapUserElement,
  type AttributeMapping,
  type MappingEntry,
} from '../../config/attribute-mapping.js';
import type { Settings } from '../../config/settings.js';
import { isTruthy, singleString, type UdmAttributes } from '../../model/values.js';
import { OX_TYPES } from '../../ox/index.js';
import type { User } from '../../ox/types.js';
import { PermanentError } from '../types.js';

/** The OX user's fields the connector keeps in sync: the schema's User (SOAP element names). */
export type UserFields = User;

/**
 * The same fields, keyed by element names that the attribute mapping chooses at run time. Only the mapping-driven
 * code below writes through this view; the codec refuses an element User does not have and names it.
 */
type FieldsByName = Record<string, unknown>;

/** The mapping-built record as the User it is meant to be (see FieldsByName). */
function asUserFields(fields: FieldsByName): UserFields {
  return fields as UserFields;
}

export interface DesiredUser {
  /** Login name (OX_USER_IDENTIFIER). */
  name: string;
  /** Fields to keep in sync on every change (SOAP element names). */
  fields: UserFields;
  warnings: string[];
}

const LONG_ELEMENTS = new Set(['maxQuota', 'usedQuota']);

/** One mapping property, with everything that does not depend on the user worked out once. */
interface CompiledEntry {
  property: string;
  entry: MappingEntry;
  element: string;
  /** An "E" property of the original: sent as "" when unset, even when the mapping names no attribute. */
  clearable: boolean;
  /** Sent as "" when the mapped attribute is empty, so that clearing it in the directory clears OX. */
  emptyClears: boolean;
  /** Index into the user's values (see readMapped) of ldap_attribute; -1 when unmapped. */
  slot: number;
  /** Same for alternative_attributes, in order. */
  alternativeSlots: number[];
}

interface CompiledMapping {
  entries: CompiledEntry[];
  /** UDM attribute name → its slot; every attribute the mapping reads has one. */
  slots: Map<string, number>;
}

/**
 * Compiled once per mapping object (AttributeMappingFile hands out a new one when the file changes; edits work
 * on copies), so a user costs no Object.entries, no per-property lookups and no map lookups by element name.
 */
const compiledMappings = new WeakMap<AttributeMapping, CompiledMapping>();

function compile(mapping: AttributeMapping): CompiledMapping {
  let compiled = compiledMappings.get(mapping);
  if (compiled) return compiled;
  const slots = new Map<string, number>();
  const slotOf = (attribute: string): number => {
    let slot = slots.get(attribute);
    if (slot === undefined) {
      slot = slots.size;
      slots.set(attribute, slot);
    }
    return slot;
  };
  const entries: CompiledEntry[] = [];
  for (const [property, entry] of Object.entries(mapping)) {
    entries.push({
      property,
      entry,
      element: soapUserElement(property),
      clearable: CLEARABLE_USER_PROPERTIES.has(property),
      emptyClears: CLEARABLE_USER_PROPERTIES.has(property) || clearedByEmpty(soapUserElement(property)),
      slot: entry.ldap_attribute ? slotOf(entry.ldap_attribute) : -1,
      alternativeSlots: entry.alternative_attributes.map(slotOf),
    });
  }
  compiled = { entries, slots };
  compiledMappings.set(mapping, compiled);
  return compiled;
}

/**
 * The values of the attributes the mapping reads, by slot, in one walk over the user's own attributes, which is
 * cheaper than looking each mapped name up in records of differing shapes (decision 0192).
 */
function readMapped(attrs: UdmAttributes, slots: Map<string, number>): unknown[] {
  const values: unknown[] = new Array<unknown>(slots.size).fill(undefined);
  for (const key in attrs) {
    const slot = slots.get(key);
    if (slot !== undefined) values[slot] = attrs[key];
  }
  return values;
}

/**
 * String elements of the OX User that are not contact data: OX ignores them on input, derives them, or an empty
 * value would not mean "none" (login, password, language, folder names, mail endpoints). Everything else of
 * type string is cleared by sending "" (docs/reference/ox-user-fields.md).
 */
const STRINGS_NOT_CLEARED_BY_EMPTY: ReadonlySet<string> = new Set([
  'name',
  'password',
  'passwordMech',
  'language',
  'timezone',
  'defaultSenderAddress',
  'imapServer',
  'imapSchema',
  'imapServerString',
  'smtpServer',
  'smtpSchema',
  'smtpServerString',
  'filestore_name',
  'drive_user_folder_mode',
  'drive_folder_mode',
  'primaryAccountName',
  'mail_folder_confirmed_ham_name',
  'mail_folder_confirmed_spam_name',
  'mail_folder_drafts_name',
  'mail_folder_sent_name',
  'mail_folder_spam_name',
  'mail_folder_trash_name',
  'mail_folder_archive_full_name',
]);

/** Single-valued string elements of the OX User, from the one schema (docs/reference/ox-soap-types.md). */
const USER_STRING_ELEMENTS: ReadonlySet<string> = new Set(
  (OX_TYPES.User.members as readonly (readonly string[])[])
    .filter((m) => m[1] === 'string' && !m.includes('many'))
    .map((m) => m[0]),
);

/** Whether a mapped element left empty in the directory is sent as "" (OX stores "" and so holds no value). */
function clearedByEmpty(element: string): boolean {
  return USER_STRING_ELEMENTS.has(element) && !STRINGS_NOT_CLEARED_BY_EMPTY.has(element);
}

/**
 * Elements that are not strings but can still be cleared: sent with this value when the directory drops a value
 * the connector provisioned (not at creation, where there is nothing to clear). An empty image1 is an empty
 * picture; maxQuota -1 is "no quota of its own" (docs/reference/ox-user-fields.md).
 */
const CLEAR_WHEN_DROPPED: Readonly<Record<string, unknown>> = { image1: '', maxQuota: -1 };

/**
 * Elements OX offers no way to unset over SOAP (nil and absent both mean "unchanged", and "" is no valid date):
 * when the directory drops them, OX keeps the old value. usedQuota is left out: OX computes it and ignores input.
 */
const NOT_CLEARABLE_IN_OX: ReadonlySet<keyof UserFields> = new Set(['birthday', 'anniversary']);

/** The SOAP elements of the "E" properties, in the order of CLEARABLE_USER_PROPERTIES. */
const CLEARABLE_ELEMENTS: readonly string[] = [...CLEARABLE_USER_PROPERTIES].map((p) => soapUserElement(p));

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

function pickValue(values: unknown[], c: CompiledEntry): unknown {
  const entry = c.entry;
  let v: unknown = c.slot >= 0 ? values[c.slot] : undefined;
  if (!isTruthy(v) && c.alternativeSlots.length > 0) {
    for (const alt of c.alternativeSlots) {
      v = values[alt];
      if (isTruthy(v)) break;
    }
  }
  if (isTruthy(v) && entry.position && Array.isArray(v)) v = v.length > entry.position ? v[entry.position] : null;
  if (!entry.multi_value && Array.isArray(v)) v = v.length > 0 ? v[0] : null;
  return v;
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

function mailServerParts(url: string): { host: string; port: number | undefined; schema: string } {
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

export function desiredUser(
  attrs: UdmAttributes,
  objectId: string,
  mapping: AttributeMapping,
  settings: Settings,
  what: string,
): DesiredUser {
  const warnings: string[] = [];
  const fields: FieldsByName = {};
  /** "E" elements deliberately not filled with "" below. */
  const untouched = new Set<string>();
  const name = userLoginName(attrs, objectId, settings.userIdentifier, what);

  const compiled = compile(mapping);
  const values = readMapped(attrs, compiled.slots);
  for (const c of compiled.entries) {
    const { property, entry, element, clearable, emptyClears } = c;
    if (!entry.ldap_attribute) {
      if (clearable) fields[element] = '';
      continue;
    }
    let v = pickValue(values, c);
    if (!isTruthy(v) && !entry.nillable) warnings.push(`Attribute ${property} is None.`);

    switch (entry.special_handling) {
      case 'DATE': {
        if (!isTruthy(v)) v = null;
        else {
          const text = singleString(v) ?? '';
          const date = parseUdmDate(text);
          if (!date) {
            throw new PermanentError(
              `Cannot provision ${what}: ${entry.ldap_attribute} value '${text}' is not a date (YYYY-MM-DD or DD.MM.YYYY, year 1900 or later); correct it.`,
            );
          }
          v = date;
        }
        break;
      }
      case 'IMAGE': {
        if (!isTruthy(v)) {
          fields.image1ContentType = '';
          v = null;
        } else if (typeof v === 'string' && isJpegBase64(v)) {
          fields.image1ContentType = 'image/jpeg';
        } else {
          // Unlike the original, a non-JPEG image is not sent at all (docs/reference/original-connector.md, weakness
          // 14); the content type is left alone too, so OX keeps its current picture consistent.
          warnings.push('We only support jpeg images. Ignoring image...');
          untouched.add('image1ContentType');
          continue;
        }
        break;
      }
      case 'IMAP_URL':
      case 'SMTP_URL': {
        const imap = entry.special_handling === 'IMAP_URL';
        const parts = mailServerParts(imap ? settings.imapServer : settings.smtpServer);
        const prefix = imap ? 'imap' : 'smtp';
        if (parts.port !== undefined) fields[`${prefix}Port`] = parts.port;
        fields[`${prefix}Schema`] = parts.schema;
        v = (isTruthy(v) ? singleString(v) : undefined) ?? parts.host;
        break;
      }
      default:
        break;
    }

    if (v === null || v === undefined || (Array.isArray(v) && v.length === 0 && !entry.multi_value)) {
      if (emptyClears) fields[element] = '';
      else if (entry.multi_value) fields[element] = [];
      continue;
    }
    if (entry.multi_value) {
      fields[element] = (Array.isArray(v) ? v : [v]).map((x) => String(x)).filter((x) => x !== '');
    } else if (LONG_ELEMENTS.has(element)) {
      const text = singleString(v)?.trim() ?? '';
      const n = Number(text);
      if (text === '') continue;
      if (Number.isInteger(n)) fields[element] = n;
      else warnings.push(`Ignoring ${property}: ${JSON.stringify(v)} is not a whole number.`);
    } else {
      fields[element] = typeof v === 'string' ? v : (singleString(v) ?? JSON.stringify(v));
    }
  }

  // The original starts from an empty SOAP user, so an "E" property the mapping does not set at all (a custom
  // AttributeMapping.json without that key) is still sent as "" and cleared in OX
  // (docs/reference/original-connector.md).
  for (const element of CLEARABLE_ELEMENTS) {
    if (!(element in fields) && !untouched.has(element)) fields[element] = '';
  }

  // Fixed rules (docs/reference/original-connector.md): primaryEmail = email1; aliases = email1 + mapped aliases
  // (deduplicated; OX keeps a set).
  const email1 = typeof fields.email1 === 'string' ? fields.email1 : '';
  fields.primaryEmail = email1;
  const mappedAliases = Array.isArray(fields.aliases) ? (fields.aliases as string[]) : [];
  fields.aliases = [...new Set([email1, ...mappedAliases].filter((a) => a !== ''))];
  fields.imapLogin = imapLogin(settings.imapLoginTemplate, email1, attrs, what);
  fields.mailenabled = (singleString(attrs.oxAccess) ?? 'none') !== 'none';
  fields.gui_spam_filter_enabled = true;
  // No display name: "" as the original sends on changes; the fallback to the login name applies only at
  // creation (createUser), where OX refuses an empty one.
  fields.name = name;
  return { name, fields: asUserFields(fields), warnings };
}

/** Fields that must travel together in a change (OX validates them as a unit). */
export const FIELD_GROUPS: readonly (readonly string[])[] = [
  ['email1', 'primaryEmail', 'aliases'],
  ['imapServer', 'imapPort', 'imapSchema'],
  ['smtpServer', 'smtpPort', 'smtpSchema'],
  ['image1', 'image1ContentType'],
];

function same(a: unknown, b: unknown): boolean {
  // Most fields are strings, numbers or booleans: no serialisation needed for those.
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The fields of `next` that differ from `previous` (with their groups). A field that vanished from `next` (the
 * directory dropped its value) is sent with its clear value where OX has one (CLEAR_WHEN_DROPPED); other
 * vanished fields are not sent.
 */
export function diffUserFields(previousUser: UserFields, nextUser: UserFields): UserFields {
  const previous: FieldsByName = previousUser;
  const next: FieldsByName = nextUser;
  const changed = new Set<string>();
  // for…in, not Object.entries: no [key, value] array per field (a user has ~100).
  for (const key in next) {
    if (!same(previous[key], next[key])) changed.add(key);
  }
  const cleared: FieldsByName = {};
  for (const key in CLEAR_WHEN_DROPPED) {
    const clear = CLEAR_WHEN_DROPPED[key];
    if (!(key in next) && key in previous && !same(previous[key], clear)) {
      cleared[key] = clear;
      changed.add(key);
    }
  }
  for (const group of FIELD_GROUPS) {
    if (group.some((k) => changed.has(k))) for (const k of group) if (k in next) changed.add(k);
  }
  const out: FieldsByName = {};
  for (const key of changed) out[key] = key in next ? next[key] : cleared[key];
  return asUserFields(out);
}

/**
 * Fields the directory dropped that OX cannot unset (birthday, anniversary): OX keeps what it has, and the
 * administrator should be told so.
 */
export function droppedFieldsOxKeeps(previous: UserFields, next: UserFields): (keyof UserFields)[] {
  const kept: (keyof UserFields)[] = [];
  for (const key of NOT_CLEARABLE_IN_OX) if (key in previous && !(key in next)) kept.push(key);
  return kept;
}
