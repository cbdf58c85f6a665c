// UserModuleAccess: the 26 permission flags of an OX user, and the named access combinations of OX's
// ModuleAccessDefinitions.properties. The combination contents are modelled on the profiles the connector's
// documentation describes (docs/reference/default-access-profiles.md) — OX ships similar, not necessarily identical,
// sets.
import { MODULE_ACCESS_FLAGS, type ModuleAccessFlag } from '../../ox/module-access.js';

/** The 26 flags, from the schema (src/ox/module-access.ts). */
export const MODULE_FLAGS = MODULE_ACCESS_FLAGS;

export type ModuleFlag = ModuleAccessFlag;
export type ModuleAccess = Record<ModuleFlag, boolean>;

/** Flags that the RMI object initialises to false; all others start true (docs/reference/ox-soap-contract.md). */
const FALSE_BY_DEFAULT: ReadonlySet<ModuleFlag> = new Set([
  'globalAddressBookDisabled',
  'publicFolderEditable',
  'deniedPortal',
]);

function access(trueFlags: readonly ModuleFlag[]): ModuleAccess {
  const result = {} as ModuleAccess;
  for (const flag of MODULE_FLAGS) result[flag] = trueFlags.includes(flag);
  return result;
}

const WEBMAIL: ModuleFlag[] = [
  'contacts',
  'webmail',
  'collectEmailAddresses',
  'multipleMailAccounts',
  'subscription',
  'editPassword',
];
const PIM: ModuleFlag[] = [...WEBMAIL, 'calendar', 'delegateTask', 'tasks'];
const GROUPWARE: ModuleFlag[] = [...PIM, 'editPublicFolders', 'infostore', 'readCreateSharedFolders'];
const PREMIUM: ModuleFlag[] = [
  ...GROUPWARE,
  'ical',
  'vcard',
  'webdav',
  'webdavXml',
  'USM',
  'activeSync',
  'syncml',
  'OLOX20',
];

/** Named combinations, in the order OX lists them. */
export const ACCESS_COMBINATIONS: ReadonlyMap<string, ModuleAccess> = new Map([
  ['webmail_plus', access([...WEBMAIL, 'publication'])],
  ['pim_plus', access([...PIM, 'publication'])],
  ['groupware_plus', access([...GROUPWARE, 'ical', 'vcard', 'webdav', 'publication'])],
  ['premium', access(PREMIUM)],
  ['groupware', access(GROUPWARE)],
  ['webmail', access(WEBMAIL)],
  ['pim', access(PIM)],
  ['pim_infostore', access([...PIM, 'infostore'])],
  ['pim_mobility', access([...PIM, 'USM', 'activeSync', 'syncml'])],
  ['groupware_standard', access([...GROUPWARE, 'ical', 'vcard'])],
  ['groupware_premium', access([...PREMIUM, 'publication', 'editGroup', 'editResource'])],
  ['drive', access(['infostore', 'editPassword', 'contacts'])],
  ['all', access(MODULE_FLAGS.filter((f) => f !== 'globalAddressBookDisabled' && f !== 'deniedPortal'))],
]);

/** NEW_CONTEXT_DEFAULT_ACCESS_COMBINATION_NAME as shipped. */
export const NEW_CONTEXT_DEFAULT_COMBINATION = 'webmail_plus';

/**
 * A UserModuleAccess from the wire. changeByModuleAccess *replaces* the whole set: absent/nil members take
 * the RMI defaults, so clients must send all 26 flags.
 */
export function moduleAccessFromWire(value: unknown): ModuleAccess {
  const input = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const result = {} as ModuleAccess;
  for (const flag of MODULE_FLAGS) {
    const v = input[flag];
    result[flag] =
      typeof v === 'boolean' ? v : v === 'true' ? true : v === 'false' ? false : !FALSE_BY_DEFAULT.has(flag);
  }
  return result;
}

export function copyAccess(a: ModuleAccess): ModuleAccess {
  return { ...a };
}

export function sameAccess(a: ModuleAccess, b: ModuleAccess): boolean {
  return MODULE_FLAGS.every((flag) => a[flag] === b[flag]);
}

/** The combination name whose flags equal `a`, or null (getAccessCombinationName). */
export function combinationNameOf(a: ModuleAccess): string | null {
  for (const [name, combo] of ACCESS_COMBINATIONS) if (sameAccess(a, combo)) return name;
  return null;
}
