// OX_FUNCTIONAL_ACCOUNT_LOGIN_TEMPLATE (docs/reference/original-connector.md): `{{placeholder}}` filled per (account,
// user). Unlike the original, a missing or multi-valued value is a clear error that names the placeholder.
import { singleString, type UdmAttributes } from '../../model/values.js';
import { PermanentError } from '../types.js';

export const DEFAULT_LOGIN_TEMPLATE = '{{fa_entry_uuid}}{{username}}';
const PLACEHOLDER = /\{\{(\w+)\}\}/g;

/**
 * The id `{{fa_entry_uuid}}` and `{{entry_uuid}}` stand for. Since 3.0.0 the original keys objects by
 * univentionObjectIdentifier and fills these placeholders with it (docs/reference/original-connector.md); directories
 * without that property (UCS before 5.2) keep the entryUUID, which 2.2.14 used (decision 0150).
 */
export function objectIdentifier(attrs: UdmAttributes, entryUuid: string): string {
  return singleString(attrs.univentionObjectIdentifier) || entryUuid;
}

export interface LoginSources {
  faId: string;
  faAddress: string;
  userId: string;
  userDn: string;
  userAttrs: UdmAttributes;
  /** For error messages: the functional account. */
  what: string;
}

/** Placeholder spans in descending order, as the original's parser returns them (scenario 64). */
export function placeholderSpans(template: string): [number, number][] {
  const spans: [number, number][] = [];
  for (const m of template.matchAll(PLACEHOLDER)) spans.push([m.index, m.index + m[0].length]);
  return spans.reverse();
}

export function renderLogin(template: string, s: LoginSources): string {
  const effective = template.trim() === '' ? DEFAULT_LOGIN_TEMPLATE : template;
  return effective.replace(PLACEHOLDER, (_match, key: string) => {
    switch (key) {
      case 'fa_entry_uuid':
        return s.faId;
      case 'fa_email_address':
        return s.faAddress;
      case 'entry_uuid':
        return s.userId;
      case 'dn':
        return s.userDn;
    }
    const raw = s.userAttrs[key];
    if (Array.isArray(raw) && raw.length > 1) {
      throw new PermanentError(
        `Cannot provision ${s.what}: the login template placeholder {{${key}}} has ${raw.length} values for member ${s.userDn}; use a single-valued property in OX_FUNCTIONAL_ACCOUNT_LOGIN_TEMPLATE.`,
      );
    }
    const value = singleString(raw);
    // The empty string is a value (the original fills it in); only a missing one is an error.
    if (value === undefined) {
      throw new PermanentError(
        `Cannot provision ${s.what}: the login template placeholder {{${key}}} has no value for member ${s.userDn}; give the user that property or change OX_FUNCTIONAL_ACCOUNT_LOGIN_TEMPLATE.`,
      );
    }
    return value;
  });
}
