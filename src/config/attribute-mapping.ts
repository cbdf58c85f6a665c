// The user attribute mapping (OX user property → UDM property): docs/reference/original-connector.md.
// Built-in default plus <data dir>/AttributeMapping.json (same format as the original's
// change_attribute_mapping.py writes). Re-read when the file changes, so edits apply without restart.
import { readFileSync, statSync, type Stats } from 'node:fs';
import { RecheckTimer } from './recheck.js';

export type SpecialHandling = 'DEFAULT' | 'IMAGE' | 'DATE' | 'IMAP_URL' | 'SMTP_URL';

export interface MappingEntry {
  ldap_attribute: string | null;
  nillable: boolean;
  multi_value: boolean;
  special_handling: SpecialHandling;
  alternative_attributes: string[];
  position: number | null;
}

export type AttributeMapping = Record<string, MappingEntry>;

export const ATTRIBUTE_MAPPING_FILE = 'AttributeMapping.json';

function entry(ldap: string, options: Partial<MappingEntry> = {}): MappingEntry {
  return {
    ldap_attribute: ldap,
    nillable: true,
    multi_value: false,
    special_handling: 'DEFAULT',
    alternative_attributes: [],
    position: null,
    ...options,
  };
}

/** Built-in default, in the original's key order (dump/restore-default print it in this order). */
export function defaultAttributeMapping(): AttributeMapping {
  const m: AttributeMapping = {
    display_name: entry('oxDisplayName', { alternative_attributes: ['displayName'] }),
    given_name: entry('firstname'),
    sur_name: entry('lastname'),
    email1: entry('mailPrimaryAddress', { nillable: false }),
    branches: entry('oxBranches'),
    cellular_telephone1: entry('oxMobileBusiness'),
    cellular_telephone2: entry('mobileTelephoneNumber'),
    city_business: entry('city'),
    city_home: entry('oxCityHome'),
    city_other: entry('oxCityOther'),
    commercial_register: entry('oxCommercialRegister'),
    company: entry('organisation'),
    country_business: entry('oxCountryBusiness'),
    country_home: entry('oxCountryHome'),
    country_other: entry('oxCountryOther'),
    department: entry('oxDepartment'),
    email2: entry('oxEmail2'),
    email3: entry('oxEmail3'),
    employee_type: entry('employeeType'),
    fax_business: entry('oxFaxBusiness'),
    fax_home: entry('oxFaxHome'),
    fax_other: entry('oxFaxOther'),
    instant_messenger1: entry('oxInstantMessenger1'),
    instant_messenger2: entry('oxInstantMessenger2'),
    manager_name: entry('oxManagerName'),
    marital_status: entry('oxMarialStatus'),
    middle_name: entry('oxMiddleName'),
    nickname: entry('oxNickName'),
    note: entry('oxNote'),
    number_of_children: entry('oxNumOfChildren'),
    number_of_employee: entry('employeeNumber'),
    position: entry('oxPosition'),
    postal_code_business: entry('postcode'),
    postal_code_home: entry('oxPostalCodeHome'),
    postal_code_other: entry('oxPostalCodeOther'),
    profession: entry('oxProfession'),
    sales_volume: entry('oxSalesVolume'),
    spouse_name: entry('oxSpouseName'),
    state_business: entry('oxStateBusiness'),
    state_home: entry('oxStateHome'),
    state_other: entry('oxStateOther'),
    street_business: entry('street'),
    street_home: entry('oxStreetHome'),
    street_other: entry('oxStreetOther'),
    suffix: entry('oxSuffix'),
    tax_id: entry('oxTaxId'),
    telephone_assistant: entry('oxTelephoneAssistant'),
    telephone_car: entry('oxTelephoneCar'),
    telephone_company: entry('oxTelephoneCompany'),
    telephone_ip: entry('oxTelephoneIp'),
    telephone_other: entry('oxTelephoneOther'),
    telephone_telex: entry('oxTelephoneTelex'),
    telephone_ttytdd: entry('oxTelephoneTtydd'),
    title: entry('title'),
    url: entry('oxUrl'),
    used_quota: entry('oxUserQuota'),
    max_quota: entry('oxUserQuota'),
  };
  for (let i = 1; i <= 20; i++) {
    const n = String(i).padStart(2, '0');
    m[`userfield${n}`] = entry(`oxUserfield${n}`);
  }
  Object.assign(m, {
    image1: entry('jpegPhoto', { special_handling: 'IMAGE' }),
    room_number: entry('roomNumber'),
    telephone_pager: entry('pagerTelephoneNumber'),
    anniversary: entry('oxAnniversary', { special_handling: 'DATE' }),
    birthday: entry('birthday', { special_handling: 'DATE' }),
    telephone_business1: entry('phone', { position: 0 }),
    telephone_business2: entry('phone', { position: 1 }),
    telephone_home1: entry('homeTelephoneNumber', { position: 0 }),
    telephone_home2: entry('homeTelephoneNumber', { position: 1 }),
    imap_server: entry('mailHomeServer', { special_handling: 'IMAP_URL' }),
    smtp_server: entry('mailHomeServer', { special_handling: 'SMTP_URL' }),
    aliases: entry('mailAlternativeAddress', { multi_value: true }),
  });
  return m;
}

/**
 * Connector property name → SOAP element of the OX User type (docs/reference/original-connector.md); identical names
 * omitted.
 */
export const USER_PROPERTY_TO_SOAP: Readonly<Record<string, string>> = {
  context_admin: 'contextadmin',
  default_sender_address: 'defaultSenderAddress',
  employee_type: 'employeeType',
  filestore_id: 'filestoreId',
  folder_tree: 'folderTree',
  gui_preferences_for_soap: 'guiPreferencesForSoap',
  imap_login: 'imapLogin',
  imap_port: 'imapPort',
  imap_schema: 'imapSchema',
  imap_server: 'imapServer',
  imap_server_string: 'imapServerString',
  mail_enabled: 'mailenabled',
  max_quota: 'maxQuota',
  password_mech: 'passwordMech',
  primary_email: 'primaryEmail',
  smtp_port: 'smtpPort',
  smtp_schema: 'smtpSchema',
  smtp_server: 'smtpServer',
  smtp_server_string: 'smtpServerString',
  upload_file_size_limit: 'uploadFileSizeLimit',
  upload_file_size_limitPerFile: 'uploadFileSizeLimitPerFile',
  used_quota: 'usedQuota',
  user_attributes: 'userAttributes',
  primary_account_name: 'primaryAccountName',
};

/**
 * Properties the original sends as "" when unset (the "E" fields of docs/reference/original-connector.md): clearing
 * them in UDM clears OX.
 */
export const CLEARABLE_USER_PROPERTIES: ReadonlySet<string> = new Set(
  (
    'branches cellular_telephone1 cellular_telephone2 city_business city_home city_other commercial_register company ' +
    'country_business country_home country_other department display_name email1 email2 email3 fax_business fax_home ' +
    'fax_other given_name imap_login instant_messenger1 instant_messenger2 manager_name marital_status middle_name ' +
    'nickname note number_of_children number_of_employee position postal_code_business postal_code_home ' +
    'postal_code_other primary_email profession room_number sales_volume spouse_name state_business state_home ' +
    'state_other street_business street_home street_other suffix sur_name tax_id telephone_assistant ' +
    'telephone_business1 telephone_business2 telephone_car telephone_company telephone_home1 telephone_home2 ' +
    'telephone_ip telephone_other telephone_pager telephone_telex telephone_ttytdd title url image1ContentType'
  )
    .split(' ')
    .concat(Array.from({ length: 20 }, (_, i) => `userfield${String(i + 1).padStart(2, '0')}`)),
);

export function soapUserElement(property: string): string {
  return USER_PROPERTY_TO_SOAP[property] ?? property;
}

export class AttributeMappingFile {
  private cached: AttributeMapping = defaultAttributeMapping();
  private loadedMtimeMs = -2;
  readonly recheck = new RecheckTimer();
  /** Last problem reading the file (the default mapping is used meanwhile); undefined when fine or absent. */
  problem: string | undefined;

  constructor(
    readonly path: string,
    private readonly onFallback: (reason: string) => void = () => undefined,
  ) {}

  current(): AttributeMapping {
    if (!this.recheck.due()) return this.cached;
    // Whatever the outcome, the file was looked at: a broken file falls back to the default until it changes.
    this.recheck.checked();
    let stat: Stats | undefined;
    try {
      // No exception for the usual case of no file: it is asked for every user (issue 6).
      stat = statSync(this.path, { throwIfNoEntry: false });
    } catch {
      stat = undefined;
    }
    if (!stat) {
      if (this.loadedMtimeMs !== -1) this.cached = defaultAttributeMapping();
      this.loadedMtimeMs = -1;
      this.problem = undefined;
      return this.cached;
    }
    const mtimeMs = stat.mtimeMs;
    if (mtimeMs === this.loadedMtimeMs) return this.cached;
    this.loadedMtimeMs = mtimeMs;
    try {
      this.cached = parseAttributeMapping(readFileSync(this.path, 'utf8'));
      this.problem = undefined;
    } catch (err) {
      this.problem = `${this.path}: ${(err as Error).message}`;
      this.onFallback(`Using default user attribute mapping: ${this.problem}`);
      this.cached = defaultAttributeMapping();
    }
    return this.cached;
  }
}

/** Validates and normalises the JSON text; missing options take the original's defaults. */
export function parseAttributeMapping(text: string): AttributeMapping {
  const raw = JSON.parse(text) as unknown;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new Error('must be a JSON object');
  const result: AttributeMapping = {};
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    if (value === null || typeof value !== 'object') throw new Error(`entry "${key}" must be an object`);
    const v = value as Partial<MappingEntry>;
    const special = (v.special_handling ?? 'DEFAULT') as SpecialHandling;
    if (!['DEFAULT', 'IMAGE', 'DATE', 'IMAP_URL', 'SMTP_URL'].includes(special)) {
      throw new Error(`entry "${key}": unknown special_handling ${String(special)}`);
    }
    result[key] = {
      ldap_attribute: typeof v.ldap_attribute === 'string' && v.ldap_attribute !== '' ? v.ldap_attribute : null,
      nillable: v.nillable ?? true,
      multi_value: v.multi_value ?? false,
      special_handling: special,
      alternative_attributes: Array.isArray(v.alternative_attributes) ? v.alternative_attributes.map(String) : [],
      position: typeof v.position === 'number' ? v.position : null,
    };
  }
  return result;
}
