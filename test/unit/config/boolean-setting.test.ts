// One reading of yes/no settings (decision 0300): the same words for every boolean setting, refused otherwise.
import { describe, expect, it } from 'vitest';
import { BOOLEAN_SETTINGS, FALSE_WORDS, readBooleanSetting, TRUE_WORDS } from '../../../src/config/boolean-setting.js';
import { loadSettings, SettingsError, type Settings } from '../../../src/config/settings.js';
import { LdapSettingsError, readLdapSettings } from '../../../src/sources/ldap/settings.js';

const LDAP_ENV = { LDAP_URI: 'ldap://ldap.example.org', LDAP_BASE: 'dc=example,dc=org' };

/** Each boolean setting as the connector reads it: the value it ends up with, or the problem text. */
const READERS: Record<(typeof BOOLEAN_SETTINGS)[number], (value: string) => boolean> = {
  OX_ENABLE_DEPUTY_PERMISSIONS: (v) => loadSettings({ OX_ENABLE_DEPUTY_PERMISSIONS: v }).enableDeputyPermissions,
  OX_CONNECTOR_STOP_ON_ERROR: (v) => loadSettings({ OX_CONNECTOR_STOP_ON_ERROR: v }).stopOnError,
  LDAP_START_TLS: (v) => readLdapSettings({ ...LDAP_ENV, LDAP_START_TLS: v }).startTls,
};

const DEFAULTS: Record<(typeof BOOLEAN_SETTINGS)[number], boolean> = {
  OX_ENABLE_DEPUTY_PERMISSIONS: false,
  OX_CONNECTOR_STOP_ON_ERROR: false,
  LDAP_START_TLS: false,
};

const spellings = (word: string) => [word, word.toUpperCase(), word[0]!.toUpperCase() + word.slice(1), ` ${word} `];

describe('readBooleanSetting', () => {
  it('reads the on and off words in any case, blank as the default, and reports anything else', () => {
    const problems: string[] = [];
    for (const w of TRUE_WORDS)
      for (const s of spellings(w)) expect(readBooleanSetting('X', s, false, problems)).toBe(true);
    for (const w of FALSE_WORDS)
      for (const s of spellings(w)) expect(readBooleanSetting('X', s, true, problems)).toBe(false);
    expect(readBooleanSetting('X', undefined, true, problems)).toBe(true);
    expect(readBooleanSetting('X', '  ', false, problems)).toBe(false);
    expect(problems).toEqual([]);
    expect(readBooleanSetting('X', 'ok', false, problems)).toBe(false);
    expect(problems).toEqual(['X=ok: not a yes/no value; use one of true, yes, on, 1, false, no, off, 0 (any case).']);
  });
});

describe.each(BOOLEAN_SETTINGS)('the boolean setting %s', (name) => {
  const read = READERS[name];

  it('is on for every on word and off for every off word, in any case (the App Center writes True/False)', () => {
    for (const w of TRUE_WORDS) for (const s of spellings(w)) expect(read(s), s).toBe(true);
    for (const w of FALSE_WORDS) for (const s of spellings(w)) expect(read(s), s).toBe(false);
  });

  it('keeps its default when unset or empty', () => {
    expect(read('')).toBe(DEFAULTS[name]);
  });

  it('refuses any other value, naming the variable and the accepted words', () => {
    for (const bad of ['ok', 'ja', 'enabled', 'tru', '2']) {
      let error: unknown;
      try {
        read(bad);
      } catch (err) {
        error = err;
      }
      expect(error, bad).toBeInstanceOf(name === 'LDAP_START_TLS' ? LdapSettingsError : SettingsError);
      expect((error as Error).message).toContain(
        `${name}=${bad}: not a yes/no value; use one of true, yes, on, 1, false, no, off, 0 (any case).`,
      );
    }
  });
});

it('every boolean of Settings is read through the one parser (a new switch must be added to BOOLEAN_SETTINGS)', () => {
  const s: Settings = loadSettings({});
  const booleans = Object.entries(s)
    .filter(([, v]) => typeof v === 'boolean')
    .map(([k]) => k);
  expect(booleans.sort()).toEqual(['enableDeputyPermissions', 'stopOnError']);
});
