// The one reading of a yes/no setting (OX_ENABLE_DEPUTY_PERMISSIONS, OX_CONNECTOR_STOP_ON_ERROR, LDAP_START_TLS,
// and every boolean setting added later). The original read each of its switches its own way (one was on only
// for "true", another for anything but "False"); here every switch accepts the same words, in any case, and a
// value that is none of them is refused, naming the variable and the words, instead of being read as "off"
// (docs/reference/original-connector.md "Settings", decision 0300).

/** Words read as on, and as off (any case, surrounding blanks ignored). The App Center writes True/False. */
export const TRUE_WORDS = ['true', 'yes', 'on', '1'] as const;
export const FALSE_WORDS = ['false', 'no', 'off', '0'] as const;

/** Every boolean setting the connector reads, for the tests and the README table. */
export const BOOLEAN_SETTINGS = [
  'OX_ENABLE_DEPUTY_PERMISSIONS',
  'OX_CONNECTOR_STOP_ON_ERROR',
  'LDAP_START_TLS',
] as const;

/** What the administrator is told for a value that is not a yes/no word. */
export function booleanProblem(name: string, value: string): string {
  return `${name}=${value}: not a yes/no value; use one of ${[...TRUE_WORDS, ...FALSE_WORDS].join(', ')} (any case).`;
}

/**
 * `value` as a boolean: unset or blank gives `fallback`; a word of TRUE_WORDS or FALSE_WORDS its meaning; anything
 * else appends booleanProblem() to `problems` (the caller reports all problems at once) and gives `fallback`.
 */
export function readBooleanSetting(
  name: string,
  value: string | undefined,
  fallback: boolean,
  problems: string[],
): boolean {
  const word = value?.trim().toLowerCase() ?? '';
  if (word === '') return fallback;
  if ((TRUE_WORDS as readonly string[]).includes(word)) return true;
  if ((FALSE_WORDS as readonly string[]).includes(word)) return false;
  problems.push(booleanProblem(name, value!.trim()));
  return fallback;
}
