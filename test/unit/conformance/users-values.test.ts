// Conformance details of users and the credentials file that need no OX (decision 0130).
import { describe, expect, it } from 'vitest';
import {
  defaultAttributeMapping,
  CLEARABLE_USER_PROPERTIES,
  soapUserElement,
} from '../../../src/config/attribute-mapping.js';
import { pythonJsonDump } from '../../../src/config/credentials.js';
import { loadSettings } from '../../../src/config/settings.js';
import { isOkOrTrue } from '../../../src/model/values.js';
import { imapLogin } from '../../../src/provisioning/users/field-values.js';
import { desiredUser } from '../../../src/provisioning/users/fields.js';
import { PermanentError } from '../../../src/provisioning/types.js';

const settings = loadSettings({
  OX_IMAP_SERVER: 'imap://Mail.Example.ORG',
  OX_SMTP_SERVER: 'smtp://MAIL.example.org:25',
});
const base = {
  username: 'bob',
  firstname: 'Bob',
  lastname: 'B',
  mailPrimaryAddress: 'bob@example.org',
  oxAccess: 'premium',
};

describe('isOxUser / isOxGroup values (original-connector.md)', () => {
  it('only "OK" and true enable', () => {
    expect(isOkOrTrue('OK')).toBe(true);
    expect(isOkOrTrue(true)).toBe(true);
    for (const v of ['ok', 'Ok', '1', 'TRUE', 'true', 'Not', '', 1, null, undefined, ['OK']])
      expect(isOkOrTrue(v)).toBe(false);
  });
});

describe('OX_IMAP_LOGIN as Python str.format (original-connector.md)', () => {
  const attrs = { username: 'bob', uid: ['b1', 'b2'] };
  it('fills positional and named fields, keeps doubled braces literal', () => {
    expect(imapLogin('{}', 'bob@x', attrs, 'u')).toBe('bob@x');
    expect(imapLogin('{}*dovecotadmin', 'bob@x', attrs, 'u')).toBe('bob@x*dovecotadmin');
    expect(imapLogin('{0}/{username}', 'bob@x', attrs, 'u')).toBe('bob@x/bob');
    expect(imapLogin('{{username}}', 'bob@x', attrs, 'u')).toBe('{username}');
    expect(imapLogin('{{{username}}}', 'bob@x', attrs, 'u')).toBe('{bob}');
  });
  it('without both braces the template is literal', () => {
    expect(imapLogin('static*master', 'bob@x', attrs, 'u')).toBe('static*master');
    expect(imapLogin('only{open', 'bob@x', attrs, 'u')).toBe('only{open');
  });
  it('an unknown field is an error naming the setting', () => {
    expect(() => imapLogin('{nosuch}', 'bob@x', attrs, 'users/user uid=bob')).toThrow(PermanentError);
    expect(() => imapLogin('{nosuch}', 'bob@x', attrs, 'users/user uid=bob')).toThrow(/OX_IMAP_LOGIN.*nosuch/);
  });
});

describe('desired user fields', () => {
  it('every "E" element is present, as "" when the mapping does not set it', () => {
    const mapping = defaultAttributeMapping();
    delete mapping.title;
    delete mapping.url;
    delete mapping.image1;
    const f = desiredUser(base, 'id-1', mapping, settings, 'u').fields;
    for (const p of CLEARABLE_USER_PROPERTIES) expect(f, p).toHaveProperty(soapUserElement(p));
    expect(f.title).toBe('');
    expect(f.url).toBe('');
    expect(f.image1ContentType).toBe('');
  });
  it('display_name is "" without oxDisplayName and displayName (the login name is used at creation only)', () => {
    expect(desiredUser(base, 'id-1', defaultAttributeMapping(), settings, 'u').fields.display_name).toBe('');
  });
  it('mail server host from the settings is lower-cased, scheme and port kept', () => {
    const f = desiredUser(base, 'id-1', defaultAttributeMapping(), settings, 'u').fields;
    expect(f.imapServer).toBe('mail.example.org');
    expect(f.imapSchema).toBe('imap://');
    expect(f).not.toHaveProperty('imapPort');
    expect(f.smtpServer).toBe('mail.example.org');
    expect(f.smtpPort).toBe(25);
  });
  it('an empty oxUserQuota is not sent as 0', () => {
    const f = desiredUser({ ...base, oxUserQuota: '' }, 'id-1', defaultAttributeMapping(), settings, 'u').fields;
    expect(f).not.toHaveProperty('maxQuota');
    expect(
      desiredUser({ ...base, oxUserQuota: '-1' }, 'id-1', defaultAttributeMapping(), settings, 'u').fields.maxQuota,
    ).toBe(-1);
  });
});

describe('credentials file bytes (original-connector.md)', () => {
  it('equal Python json.dump(indent=2, sort_keys=True)', () => {
    const text = pythonJsonDump({
      master: { adminuser: 'oxadminmaster', adminpass: 'm' },
      '10': { adminuser: 'oxadmin', adminpass: 'pä' },
      '9': { adminuser: 'oxadmin-context9', adminpass: 'x' },
    });
    expect(text).toBe(
      '{\n  "10": {\n    "adminpass": "p\\u00e4",\n    "adminuser": "oxadmin"\n  },\n' +
        '  "9": {\n    "adminpass": "x",\n    "adminuser": "oxadmin-context9"\n  },\n' +
        '  "master": {\n    "adminpass": "m",\n    "adminuser": "oxadminmaster"\n  }\n}',
    );
  });
});

describe('settings accepted like the original (original-connector.md)', () => {
  it('OX_LANGUAGE: any language_COUNTRY OX takes; nonsense still stops the start', () => {
    for (const language of ['de_DE', 'en_US', 'en_us', 'zh_CN', 'fil_PH'])
      expect(loadSettings({ OX_LANGUAGE: language }).language).toBe(language);
    expect(() => loadSettings({ OX_LANGUAGE: 'German' })).toThrow(/OX_LANGUAGE=German/);
  });
  it('empty values mean unset', () => {
    const s = loadSettings({ OX_LANGUAGE: '', OX_IMAP_LOGIN: ' ', OX_USER_IDENTIFIER: '', DEFAULT_CONTEXT: '' });
    expect([s.language, s.imapLoginTemplate, s.userIdentifier, s.defaultContext]).toEqual([
      'de_DE',
      '{}',
      'username',
      10,
    ]);
  });
});
