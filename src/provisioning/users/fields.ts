// Computes the OX user (SOAP element → value) that a UDM user should have, from the attribute mapping
// (docs/reference/original-connector.md). Pure: no I/O, so the same function serves create, change diffs and checks.
// The values of single properties are read in field-values.ts, the clearing rules are field-clearing.ts, and what a
// change sends is field-differences.ts.
import {
  CLEARABLE_USER_PROPERTIES,
  soapUserElement,
  type AttributeMapping,
  type MappingEntry,
} from '../../config/attribute-mapping.js';
import type { Settings } from '../../config/settings.js';
import { isTruthy, singleString, type UdmAttributes } from '../../model/values.js';
import type { User } from '../../ox/types.js';
import { PermanentError } from '../types.js';
import { CLEARABLE_ELEMENTS, clearedByEmpty } from './field-clearing.js';
import { imapLogin, isJpegBase64, mailServerParts, parseUdmDate, userLoginName } from './field-values.js';

/** The OX user's fields the connector keeps in sync: the schema's User (SOAP element names). */
export type UserFields = User;

/**
 * The same fields, keyed by element names that the attribute mapping chooses at run time. Only the mapping-driven
 * code below and field-differences.ts write through this view; the codec refuses an element User does not have
 * and names it.
 */
export type FieldsByName = Record<string, unknown>;

/** The mapping-built record as the User it is meant to be (see FieldsByName). */
export function asUserFields(fields: FieldsByName): UserFields {
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
