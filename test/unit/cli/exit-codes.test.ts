// Decision 0301: one meaning of the exit codes; the line printed for an error that ended a command.
import { describe, expect, it } from 'vitest';
import { DataDirError } from '../../../src/config/data-dir.js';
import { SettingsError } from '../../../src/config/settings.js';
import { LdapSettingsError } from '../../../src/sources/ldap/settings.js';
import { errorLine, exitCodeOf, UsageError } from '../../../src/cli/exit-codes.js';

describe('exitCodeOf', () => {
  it('gives 2 for usage and configuration errors, 1 for every other failure', () => {
    for (const e of [new UsageError('u'), new SettingsError(['s']), new DataDirError('d'), new LdapSettingsError('l')])
      expect(exitCodeOf(e), e.name).toBe(2);
    for (const e of [new Error('OX answered 500'), 'a string', undefined]) expect(exitCodeOf(e)).toBe(1);
  });
});

describe('errorLine', () => {
  it('keeps a message on one line and escapes control characters, as the log does', () => {
    const forged = new Error('No uid=a\n2026-12-07T00:00:00.000Z INFO     [-] all fine\r\u001b[31m\u202e');
    expect(errorLine(forged)).toBe(
      'ox-connector: No uid=a ⏎ 2026-12-07T00:00:00.000Z INFO     [-] all fine\\r\\u001b[31m\\u202e',
    );
    expect(errorLine('plain')).toBe('ox-connector: plain');
  });
});
