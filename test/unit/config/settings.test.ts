import { describe, expect, it } from 'vitest';
import { loadSettings, SettingsError, DEFAULT_DATA_DIR } from '../../../src/config/settings.js';

describe('settings', () => {
  it('uses the original defaults and treats empty values as unset', () => {
    const s = loadSettings({ DEFAULT_CONTEXT: '', OX_IMAP_LOGIN: '', OX_USER_IDENTIFIER: '  ' });
    expect(s.dataDir).toBe(DEFAULT_DATA_DIR);
    expect(s.defaultContext).toBe(10);
    expect(s.language).toBe('de_DE');
    expect(s.timezone).toBe('Europe/Berlin');
    expect(s.masterAdmin).toBe('oxadminmaster');
    expect(s.imapLoginTemplate).toBe('{}');
    expect(s.userIdentifier).toBe('username');
    expect(s.groupIdentifier).toBe('name');
    expect(s.functionalAccountLoginTemplate).toBe('{{fa_entry_uuid}}{{username}}');
    expect(s.credentialsFile).toBe(`${DEFAULT_DATA_DIR}/secrets/contexts.json`);
    expect(s.concurrency).toBe(8);
    expect(s.lookahead).toBe(2);
    expect(s.logLevel).toBe('INFO');
  });

  it('--data-dir overrides OX_CONNECTOR_DATA_DIR and moves the credentials file with it', () => {
    const s = loadSettings({ OX_CONNECTOR_DATA_DIR: '/a' }, { dataDir: '/b' });
    expect(s.dataDir).toBe('/b');
    expect(s.credentialsFile).toBe('/b/secrets/contexts.json');
  });

  it('takes 0 objects prepared ahead (the old behaviour) but not a negative number', () => {
    expect(loadSettings({ OX_CONNECTOR_LOOKAHEAD: '0' }).lookahead).toBe(0);
    expect(() => loadSettings({ OX_CONNECTOR_LOOKAHEAD: '-1' })).toThrow(
      /OX_CONNECTOR_LOOKAHEAD=-1: must be a whole number of at least 0/,
    );
  });

  it('takes canonical time zones and their aliases (UTC, US/Eastern), refuses unknown ones', () => {
    for (const zone of ['America/Argentina/Buenos_Aires', 'UTC', 'Etc/UTC', 'US/Eastern', 'Asia/Calcutta']) {
      expect(loadSettings({ LOCAL_TIMEZONE: zone }).timezone).toBe(zone);
    }
    expect(() => loadSettings({ LOCAL_TIMEZONE: 'Europe/Atlantis' })).toThrow(/LOCAL_TIMEZONE=Europe\/Atlantis/);
  });

  it('lists every problem, one line each', () => {
    try {
      loadSettings({
        DEFAULT_CONTEXT: 'ten',
        OX_SOAP_SERVER: 'ox.example.org',
        LOCAL_TIMEZONE: 'Mars/Base',
        OX_CONNECTOR_LOG_LEVEL: 'LOUD',
      });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(SettingsError);
      const problems = (err as SettingsError).problems;
      expect(problems).toHaveLength(4);
      expect(problems.join('\n')).toMatch(/DEFAULT_CONTEXT=ten/);
      expect(problems.join('\n')).toMatch(/OX_SOAP_SERVER=ox.example.org/);
      expect(problems.join('\n')).toMatch(/LOCAL_TIMEZONE=Mars\/Base/);
      expect(problems.join('\n')).toMatch(/OX_CONNECTOR_LOG_LEVEL=LOUD/);
    }
  });
});
