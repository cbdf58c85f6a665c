import { describe, expect, it } from 'vitest';
import { copyUserRecord } from '../../../src/emulator/model/user-records.js';
import type { UserRecord } from '../../../src/emulator/model/store.js';
import { moduleAccessFromWire } from '../../../src/emulator/model/module-access.js';

function sampleUser(): UserRecord {
  return {
    id: 7,
    name: 'anna',
    fields: { display_name: 'Anna', maxQuota: 1024, gui_spam_filter_enabled: true, email2: '' },
    aliases: ['anna@example.org', 'a@example.org'],
    password: 'secret',
    passwordMech: '{SHA-256}',
    imap: { schema: 'imap://', host: 'mail.example.org', port: 143 },
    smtp: { schema: 'smtps://', host: 'mail.example.org', port: 465 },
    userAttributes: { config: { 'com.openexchange.mail.specialuse.check': 'true' }, other: { a: 'b' } },
    access: moduleAccessFromWire({ calendar: true, webmail: false }),
    contextAdmin: false,
    capabilities: ['x'],
  };
}

describe('copyUserRecord', () => {
  it('copies a user record exactly as structuredClone does', () => {
    const user = sampleUser();
    expect(copyUserRecord(user)).toStrictEqual(structuredClone(user));
    // Every property of the record is copied (a new UserRecord property must be added to copyUserRecord).
    expect(Object.keys(copyUserRecord(user)).sort()).toEqual(Object.keys(user).sort());
  });

  it('shares nothing mutable with the original: a refused change leaves the stored user untouched', () => {
    const user = sampleUser();
    const before = structuredClone(user);
    const next = copyUserRecord(user);
    next.fields.display_name = 'Changed';
    next.aliases.push('new@example.org');
    next.imap.host = 'other';
    next.smtp.port = 25;
    next.userAttributes.config['k'] = 'v';
    next.userAttributes.other.a = 'changed';
    next.access.calendar = false;
    next.capabilities.push('y');
    expect(user).toStrictEqual(before);
  });
});
