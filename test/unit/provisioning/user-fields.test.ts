// The attribute mapping, field by field (docs/reference/original-connector.md, "The attribute mapping").
import { describe, expect, it } from 'vitest';
import { defaultAttributeMapping } from '../../../src/config/attribute-mapping.js';
import { loadSettings } from '../../../src/config/settings.js';
import { diffUserFields, droppedFieldsOxKeeps } from '../../../src/provisioning/users/field-differences.js';
import { parseUdmDate } from '../../../src/provisioning/users/field-values.js';
import { desiredUser } from '../../../src/provisioning/users/fields.js';
import { PermanentError } from '../../../src/provisioning/types.js';

const settings = loadSettings({
  OX_IMAP_SERVER: 'imap://imap.example.org:143',
  OX_SMTP_SERVER: 'smtp://smtp.example.org:587',
});
const mapping = defaultAttributeMapping();
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0]).toString('base64');

const base = {
  username: 'alice',
  firstname: 'Alice',
  lastname: 'Example',
  mailPrimaryAddress: 'alice@example.org',
  isOxUser: 'OK',
  oxAccess: 'premium',
  oxContext: '10',
};

// Read back by element name, as the cases below are tables of names.
function fields(extra: Record<string, unknown>, s = settings): Record<string, unknown> {
  return desiredUser({ ...base, ...extra }, 'uuid-1', mapping, s, 'users/user uid=alice').fields;
}

// UDM property → OX element for every plain string field of the default mapping.
const SIMPLE: [string, string][] = [
  ['oxDisplayName', 'display_name'],
  ['firstname', 'given_name'],
  ['lastname', 'sur_name'],
  ['oxBranches', 'branches'],
  ['oxMobileBusiness', 'cellular_telephone1'],
  ['city', 'city_business'],
  ['oxCityHome', 'city_home'],
  ['oxCityOther', 'city_other'],
  ['oxCommercialRegister', 'commercial_register'],
  ['organisation', 'company'],
  ['oxCountryBusiness', 'country_business'],
  ['oxCountryHome', 'country_home'],
  ['oxCountryOther', 'country_other'],
  ['oxDepartment', 'department'],
  ['oxEmail2', 'email2'],
  ['oxEmail3', 'email3'],
  ['employeeType', 'employeeType'],
  ['oxFaxBusiness', 'fax_business'],
  ['oxFaxHome', 'fax_home'],
  ['oxFaxOther', 'fax_other'],
  ['oxInstantMessenger1', 'instant_messenger1'],
  ['oxInstantMessenger2', 'instant_messenger2'],
  ['oxManagerName', 'manager_name'],
  ['oxMarialStatus', 'marital_status'],
  ['oxMiddleName', 'middle_name'],
  ['oxNickName', 'nickname'],
  ['oxNote', 'note'],
  ['oxNumOfChildren', 'number_of_children'],
  ['employeeNumber', 'number_of_employee'],
  ['oxPosition', 'position'],
  ['postcode', 'postal_code_business'],
  ['oxPostalCodeHome', 'postal_code_home'],
  ['oxPostalCodeOther', 'postal_code_other'],
  ['oxProfession', 'profession'],
  ['oxSalesVolume', 'sales_volume'],
  ['oxSpouseName', 'spouse_name'],
  ['oxStateBusiness', 'state_business'],
  ['oxStateHome', 'state_home'],
  ['oxStateOther', 'state_other'],
  ['street', 'street_business'],
  ['oxStreetHome', 'street_home'],
  ['oxStreetOther', 'street_other'],
  ['oxSuffix', 'suffix'],
  ['oxTaxId', 'tax_id'],
  ['oxTelephoneAssistant', 'telephone_assistant'],
  ['oxTelephoneCar', 'telephone_car'],
  ['oxTelephoneCompany', 'telephone_company'],
  ['oxTelephoneIp', 'telephone_ip'],
  ['oxTelephoneOther', 'telephone_other'],
  ['oxTelephoneTelex', 'telephone_telex'],
  ['oxTelephoneTtydd', 'telephone_ttytdd'],
  ['title', 'title'],
  ['oxUrl', 'url'],
  ...Array.from({ length: 20 }, (_, i): [string, string] => {
    const n = String(i + 1).padStart(2, '0');
    return [`oxUserfield${n}`, `userfield${n}`];
  }),
];

describe('user attribute mapping (default)', () => {
  it.each(SIMPLE)('%s → %s', (udm, ox) => {
    expect(fields({ [udm]: 'Value <&> ü' })[ox]).toBe('Value <&> ü');
  });

  it('clearable fields become "" when unset', () => {
    const f = fields({});
    expect(f.branches).toBe('');
    expect(f.userfield07).toBe('');
    expect(f.telephone_business2).toBe('');
    // Not an "E" property of the original, but a string OX stores as given: "" clears it (issue 14 item 5).
    expect(f.employeeType).toBe('');
    // A date cannot be "" on the wire, and OX reads nil as "unchanged": nothing to send.
    expect('birthday' in f).toBe(false);
    expect('anniversary' in f).toBe(false);
  });

  it('lists: first value; phone and homeTelephoneNumber by position', () => {
    const f = fields({
      mobileTelephoneNumber: ['1', '2'],
      roomNumber: ['B 1'],
      pagerTelephoneNumber: ['p'],
      phone: ['a', 'b'],
      homeTelephoneNumber: ['h1'],
    });
    expect(f.cellular_telephone2).toBe('1');
    expect(f.room_number).toBe('B 1');
    expect(f.telephone_pager).toBe('p');
    expect(f.telephone_business1).toBe('a');
    expect(f.telephone_business2).toBe('b');
    expect(f.telephone_home1).toBe('h1');
    expect(f.telephone_home2).toBe('');
  });

  it('display_name falls back to displayName, else "" (the login name only at creation, see conformance tests)', () => {
    expect(fields({ displayName: 'A E' }).display_name).toBe('A E');
    expect(fields({ oxDisplayName: 'X', displayName: 'A E' }).display_name).toBe('X');
    expect(fields({}).display_name).toBe('');
  });

  it('email1, primaryEmail and aliases', () => {
    const f = fields({ mailAlternativeAddress: ['a1@example.org', 'alice@example.org'] });
    expect(f.email1).toBe('alice@example.org');
    expect(f.primaryEmail).toBe('alice@example.org');
    expect(f.aliases).toEqual(['alice@example.org', 'a1@example.org']);
  });

  it('quota as numbers', () => {
    const f = fields({ oxUserQuota: '1000' });
    expect(f.maxQuota).toBe(1000);
    expect(f.usedQuota).toBe(1000);
  });

  it('dates in both UDM formats', () => {
    expect(fields({ birthday: '1990-4-1' }).birthday).toBe('1990-04-01');
    expect(fields({ oxAnniversary: '1.2.2003' }).anniversary).toBe('2003-02-01');
    expect(parseUdmDate('1899-12-31')).toBeUndefined();
    expect(parseUdmDate('2001-02-30')).toBeUndefined();
    expect(() => fields({ birthday: 'yesterday' })).toThrow(PermanentError);
    expect(() => fields({ birthday: 'yesterday' })).toThrow(/birthday value 'yesterday' is not a date/);
  });

  it('JPEG photos are sent with content type; other images are not sent', () => {
    const jpeg = fields({ jpegPhoto: JPEG });
    expect(jpeg.image1).toBe(JPEG);
    expect(jpeg.image1ContentType).toBe('image/jpeg');
    const png = desiredUser(
      { ...base, jpegPhoto: Buffer.from('\x89PNG\r\n\x1a\n0000').toString('base64') },
      'u',
      mapping,
      settings,
      'x',
    );
    expect('image1' in png.fields).toBe(false);
    expect(png.warnings.join()).toMatch(/only support jpeg/);
    expect(fields({}).image1ContentType).toBe('');
  });

  it('IMAP and SMTP servers from mailHomeServer or the settings', () => {
    const f = fields({});
    expect(f.imapServer).toBe('imap.example.org');
    expect(f.imapPort).toBe(143);
    expect(f.imapSchema).toBe('imap://');
    expect(f.smtpServer).toBe('smtp.example.org');
    expect(f.smtpPort).toBe(587);
    const g = fields({ mailHomeServer: 'mx.example.org' });
    expect(g.imapServer).toBe('mx.example.org');
    expect(g.smtpServer).toBe('mx.example.org');
  });

  it('OX_IMAP_LOGIN templates', () => {
    expect(fields({}).imapLogin).toBe('alice@example.org');
    const s = loadSettings({ OX_IMAP_LOGIN: '{}*dovecotadmin' });
    expect(fields({}, s).imapLogin).toBe('alice@example.org*dovecotadmin');
    const t = loadSettings({ OX_IMAP_LOGIN: '{username}' });
    expect(fields({}, t).imapLogin).toBe('alice');
    const u = loadSettings({ OX_IMAP_LOGIN: '{univentionObjectIdentifier}' });
    expect(() => fields({}, u)).toThrow(/OX_IMAP_LOGIN uses \{univentionObjectIdentifier\}/);
  });

  it('mailenabled follows oxAccess', () => {
    expect(fields({}).mailenabled).toBe(true);
    expect(fields({ oxAccess: 'none' }).mailenabled).toBe(false);
    expect(fields({ oxAccess: undefined }).mailenabled).toBe(false);
  });

  it('OX_USER_IDENTIFIER: value, entryUUID, clear errors for empty and lists', () => {
    const s = loadSettings({ OX_USER_IDENTIFIER: 'mailPrimaryAddress' });
    expect(desiredUser({ ...base }, 'u', mapping, s, 'x').name).toBe('alice@example.org');
    const e = loadSettings({ OX_USER_IDENTIFIER: 'entryUUID' });
    expect(desiredUser({ ...base }, 'uuid-9', mapping, e, 'x').name).toBe('uuid-9');
    const l = loadSettings({ OX_USER_IDENTIFIER: 'e-mail' });
    expect(() => desiredUser({ ...base, 'e-mail': ['a', 'b'] }, 'u', mapping, l, 'users/user uid=alice')).toThrow(
      /users\/user uid=alice: OX_USER_IDENTIFIER=e-mail names a property with several values/,
    );
    expect(() => desiredUser({ ...base, 'e-mail': '' }, 'u', mapping, l, 'x')).toThrow(/is empty/);
  });

  it('diff sends only what changed, with related fields together', () => {
    const a = fields({ city: 'Bremen' });
    expect(diffUserFields(a, fields({ city: 'Bremen' }))).toEqual({});
    expect(diffUserFields(a, fields({ city: 'Berlin' }))).toEqual({ city_business: 'Berlin' });
    const mail = diffUserFields(a, fields({ city: 'Bremen', mailPrimaryAddress: 'al@example.org' }));
    expect(Object.keys(mail).sort()).toEqual(['aliases', 'email1', 'imapLogin', 'primaryEmail']);
  });
});

describe('clearing in the directory (issue 14 item 5)', () => {
  it('a dropped picture is sent as an empty image with an empty content type; a dropped quota as -1', () => {
    const set = fields({ jpegPhoto: JPEG, oxUserQuota: '100' });
    expect(diffUserFields(set, fields({}))).toEqual({ image1: '', image1ContentType: '', maxQuota: -1 });
  });

  it('nothing is sent for a picture or quota the connector never provisioned (a new user is not cleared)', () => {
    expect(diffUserFields(fields({}), fields({}))).toEqual({});
    expect(diffUserFields({}, fields({}))).not.toHaveProperty('image1');
    expect(diffUserFields({}, fields({}))).not.toHaveProperty('maxQuota');
  });

  it('a string property of a custom mapping is sent as "" when its attribute is empty', () => {
    const custom = { ...mapping, assistant_name: { ...mapping.title, ldap_attribute: 'secretary' } };
    const f = desiredUser({ ...base }, 'u', custom, settings, 'x').fields;
    expect(f.assistant_name).toBe('');
    expect(desiredUser({ ...base, secretary: 'Ann' }, 'u', custom, settings, 'x').fields.assistant_name).toBe('Ann');
  });

  it('a non-"E" property the mapping names no attribute for is left alone, as the original did', () => {
    const custom = { ...mapping, employee_type: { ...mapping.employee_type, ldap_attribute: null } };
    expect(desiredUser({ ...base }, 'u', custom, settings, 'x').fields).not.toHaveProperty('employeeType');
  });

  it('birthday and anniversary dropped are reported, not sent', () => {
    const set = fields({ birthday: '1990-04-01', oxAnniversary: '2010-06-01' });
    const diff = diffUserFields(set, fields({}));
    expect(diff).not.toHaveProperty('birthday');
    expect(diff).not.toHaveProperty('anniversary');
    expect(droppedFieldsOxKeeps(set, fields({})).sort()).toEqual(['anniversary', 'birthday']);
  });
});
