// LDAP entry → UDM object as the UCS listener converter writes it (ListenerUDMVersion 1: strings, lists of
// strings, UDM property names). Decisions: docs/decisions/0041-ldap-object-types.md and 0042-ldap-defaults.md.

export type UdmObjectType =
  | 'users/user'
  | 'groups/group'
  | 'oxmail/oxcontext'
  | 'oxmail/accessprofile'
  | 'oxmail/functional_account'
  | 'oxresources/oxresources';

export const UDM_OBJECT_TYPES: readonly UdmObjectType[] = [
  'users/user',
  'groups/group',
  'oxmail/oxcontext',
  'oxmail/accessprofile',
  'oxmail/functional_account',
  'oxresources/oxresources',
];

/** An entry as read from LDAP: attribute names lower-cased, values raw bytes. */
export interface LdapEntry {
  dn: string;
  attributes: Map<string, Buffer[]>;
}

export type UdmObject = Record<string, string | string[]>;

/** Looks up other directory objects while building one (membership needs them). */
export interface ModelContext {
  defaultContext: string;
  /** A member DN → the referenced object's current DN and type, when the source knows it. */
  resolveDn(dn: string): { dn: string; type: UdmObjectType } | undefined;
  /** A memberUid value → the DN of the user with that username, when known. */
  resolveUid(uid: string): string | undefined;
  /** DNs of known groups that list this user (UCS 5.0 computes `groups` by a uniqueMember search). */
  groupsOf(userDn: string): string[];
}

/** Object classes and attributes the source must fetch and the server-side filter it searches with. */
export const SOURCE_FILTER =
  '(|(univentionObjectType=users/user)(univentionObjectType=groups/group)(univentionObjectType=oxmail/*)' +
  '(univentionObjectType=oxresources/oxresources)(objectClass=oxContext)(objectClass=oxAccessProfile)' +
  '(objectClass=oxFunctionalAccount)(objectClass=oxResourceObject)(objectClass=oxUserObject)(objectClass=oxGroup)' +
  '(&(uid=*)(|(objectClass=inetOrgPerson)(objectClass=posixAccount)))' +
  '(objectClass=univentionGroup)(objectClass=groupOfUniqueNames)(objectClass=groupOfNames)(objectClass=posixGroup))';

export function text(entry: LdapEntry, name: string): string[] {
  return (entry.attributes.get(name.toLowerCase()) ?? []).map((value) => value.toString('utf8'));
}

function first(entry: LdapEntry, name: string): string | undefined {
  return text(entry, name)[0];
}

function has(entry: LdapEntry, objectClass: string): boolean {
  const wanted = objectClass.toLowerCase();
  return text(entry, 'objectClass').some((value) => value.toLowerCase() === wanted);
}

/** Which UDM module an entry belongs to, or null when the connector does not handle it (decision 0041). */
export function classify(entry: LdapEntry): UdmObjectType | null {
  const declared = first(entry, 'univentionObjectType');
  if (declared !== undefined)
    return (UDM_OBJECT_TYPES as readonly string[]).includes(declared) ? (declared as UdmObjectType) : null;
  if (has(entry, 'oxContext')) return 'oxmail/oxcontext';
  if (has(entry, 'oxAccessProfile')) return 'oxmail/accessprofile';
  if (has(entry, 'oxFunctionalAccount')) return 'oxmail/functional_account';
  if (has(entry, 'oxResourceObject')) return 'oxresources/oxresources';
  if (['univentionGroup', 'groupOfUniqueNames', 'groupOfNames', 'posixGroup', 'oxGroup'].some((oc) => has(entry, oc)))
    return 'groups/group';
  const personLike = ['inetOrgPerson', 'posixAccount', 'oxUserObject'].some((oc) => has(entry, oc));
  if (personLike && first(entry, 'uid') !== undefined) return 'users/user';
  return null;
}

// [UDM property, LDAP attribute, multi-valued?]
type Mapping = [string, string, boolean];

const USER_CORE: Mapping[] = [
  ['username', 'uid', false],
  ['firstname', 'givenName', false],
  ['lastname', 'sn', false],
  ['displayName', 'displayName', false],
  ['title', 'title', false],
  ['organisation', 'o', false],
  ['employeeType', 'employeeType', false],
  ['employeeNumber', 'employeeNumber', false],
  ['street', 'street', false],
  ['postcode', 'postalCode', false],
  ['city', 'l', false],
  ['country', 'st', false],
  ['roomNumber', 'roomNumber', true],
  ['phone', 'telephoneNumber', true],
  ['homeTelephoneNumber', 'homePhone', true],
  ['mobileTelephoneNumber', 'mobile', true],
  ['pagerTelephoneNumber', 'pager', true],
  ['birthday', 'univentionBirthday', false],
  ['mailAlternativeAddress', 'mailAlternativeAddress', true],
  ['mailHomeServer', 'univentionMailHomeServer', false],
  ['e-mail', 'mail', true],
  ['description', 'description', false],
  ['departmentNumber', 'departmentNumber', true],
  ['secretary', 'secretary', true],
  ['uidNumber', 'uidNumber', false],
  ['gidNumber', 'gidNumber', false],
  ['unixhome', 'homeDirectory', false],
  ['shell', 'loginShell', false],
  ['password', 'userPassword', false],
];

/** OX extended attributes on users: the UDM name is the LDAP name, except oxContext (docs/reference/udm-objects.md). */
const USER_OX_ATTRIBUTES = [
  'isOxUser',
  'oxAccess',
  'oxDisplayName',
  'oxLanguage',
  'oxTimeZone',
  'oxUserQuota',
  'oxMiddleName',
  'oxSuffix',
  'oxNickName',
  'oxNote',
  'oxMobileBusiness',
  'oxFaxBusiness',
  'oxInstantMessenger1',
  'oxTelephoneCompany',
  'oxTelephoneIp',
  'oxTelephoneCar',
  'oxTelephoneTelex',
  'oxTelephoneTtydd',
  'oxStateBusiness',
  'oxCountryBusiness',
  'oxPosition',
  'oxDepartment',
  'oxBranches',
  'oxManagerName',
  'oxTelephoneAssistant',
  'oxTaxId',
  'oxCommercialRegister',
  'oxSalesVolume',
  'oxUrl',
  'oxStreetHome',
  'oxPostalCodeHome',
  'oxCityHome',
  'oxStateHome',
  'oxCountryHome',
  'oxEmail2',
  'oxFaxHome',
  'oxInstantMessenger2',
  'oxAnniversary',
  'oxNumOfChildren',
  'oxMarialStatus',
  'oxSpouseName',
  'oxProfession',
  'oxStreetOther',
  'oxPostalCodeOther',
  'oxCityOther',
  'oxStateOther',
  'oxCountryOther',
  'oxTelephoneOther',
  'oxFaxOther',
  'oxEmail3',
  ...Array.from({ length: 20 }, (_, i) => `oxUserfield${String(i + 1).padStart(2, '0')}`),
];

export const ACCESS_RIGHTS = [
  'usm',
  'activesync',
  'calendar',
  'collectemailaddresses',
  'contacts',
  'delegatetask',
  'deniedportal',
  'editgroup',
  'editpassword',
  'editpublicfolders',
  'editresource',
  'globaladdressbookdisabled',
  'ical',
  'infostore',
  'multiplemailaccounts',
  'publicfoldereditable',
  'readcreatesharedfolders',
  'subscription',
  'syncml',
  'tasks',
  'vcard',
  'webdav',
  'webdavxml',
  'webmail',
];

function apply(entry: LdapEntry, object: UdmObject, mappings: Mapping[]): void {
  for (const [property, attribute, multi] of mappings) {
    const values = text(entry, attribute);
    if (values.length === 0) continue;
    object[property] = multi ? values : values[0];
  }
}

function setIfPresent(object: UdmObject, property: string, value: string | undefined): void {
  if (value !== undefined) object[property] = value;
}

function buildUser(entry: LdapEntry, context: ModelContext): UdmObject {
  const object: UdmObject = {};
  apply(entry, object, USER_CORE);
  const mail = first(entry, 'mailPrimaryAddress');
  if (mail !== undefined) object.mailPrimaryAddress = mail.toLowerCase();
  const photo = entry.attributes.get('jpegphoto')?.[0];
  if (photo) object.jpegPhoto = photo.toString('base64');
  for (const name of USER_OX_ATTRIBUTES) setIfPresent(object, name, first(entry, name));
  setIfPresent(object, 'oxContext', first(entry, 'oxContextIDNum'));

  // Defaults (decision 0042): the OX object class is the opt-in; inside it, UDM's create defaults apply;
  // without it, the converter's open hook view (isOxUser "Not").
  const oxEnabled = has(entry, 'oxUserObject');
  if (object.isOxUser === undefined) object.isOxUser = oxEnabled ? 'OK' : 'Not';
  if (object.oxAccess === undefined) object.oxAccess = 'premium';
  if (object.oxDisplayName === undefined) {
    const composed = [object.firstname, object.lastname]
      .filter((part) => typeof part === 'string' && part !== '')
      .join(' ');
    object.oxDisplayName = composed;
  }
  if (oxEnabled && object.oxContext === undefined) object.oxContext = context.defaultContext;
  if (oxEnabled && object.oxUserQuota === undefined) object.oxUserQuota = '-1';
  object.groups = context.groupsOf(entry.dn);
  return object;
}

/** Splits member DNs (uniqueMember/member) and memberUid values into users, nested groups and others. */
function members(entry: LdapEntry, context: ModelContext): { users: string[]; groups: string[]; hosts: string[] } {
  const users: string[] = [];
  const groups: string[] = [];
  const hosts: string[] = [];
  for (const raw of [...text(entry, 'uniqueMember'), ...text(entry, 'member')]) {
    const known = context.resolveDn(raw);
    if (known?.type === 'users/user') users.push(known.dn);
    else if (known?.type === 'groups/group') groups.push(known.dn);
    else if (known) hosts.push(known.dn);
    else if (/^\s*uid\s*=/i.test(raw))
      users.push(raw); // Unknown yet: UDM's own rule, a uid= prefix is a user.
    else hosts.push(raw);
  }
  for (const uid of text(entry, 'memberUid')) {
    const dn = context.resolveUid(uid);
    if (dn !== undefined) users.push(dn);
  }
  return { users: [...new Set(users)], groups: [...new Set(groups)], hosts: [...new Set(hosts)] };
}

function buildGroup(entry: LdapEntry, context: ModelContext): UdmObject {
  const object: UdmObject = {};
  apply(entry, object, [
    ['name', 'cn', false],
    ['description', 'description', false],
    ['gidNumber', 'gidNumber', false],
    ['mailAddress', 'mailPrimaryAddress', false],
  ]);
  setIfPresent(object, 'oxContext', first(entry, 'oxContextIDNum'));
  const isOxGroup = first(entry, 'isOxGroup') ?? (has(entry, 'oxGroup') ? 'OK' : undefined);
  setIfPresent(object, 'isOxGroup', isOxGroup);
  const { users, groups } = members(entry, context);
  object.users = users;
  object.nestedGroup = groups;
  object.hosts = [];
  object.memberOf = [];
  return object;
}

function buildContext(entry: LdapEntry): UdmObject {
  const object: UdmObject = {};
  apply(entry, object, [
    ['name', 'cn', false],
    ['contextid', 'oxContextIDNum', false],
    ['oxQuota', 'oxQuota', false],
  ]);
  return object;
}

function buildAccessProfile(entry: LdapEntry): UdmObject {
  const object: UdmObject = {};
  apply(entry, object, [
    ['name', 'cn', false],
    ['displayName', 'displayName', false],
  ]);
  for (const right of ACCESS_RIGHTS) {
    const value = first(entry, `oxRight${right[0].toUpperCase()}${right.slice(1)}`);
    if (value !== undefined) object[right] = value.toUpperCase();
  }
  return object;
}

function buildFunctionalAccount(entry: LdapEntry, context: ModelContext): UdmObject {
  const object: UdmObject = {};
  apply(entry, object, [
    ['name', 'cn', false],
    ['oxQuota', 'oxQuota', false],
    ['personal', 'oxPersonal', false],
  ]);
  const mail = first(entry, 'mailPrimaryAddress');
  if (mail !== undefined) object.mailPrimaryAddress = mail.toLowerCase();
  const { users, groups } = members(entry, context);
  object.users = users;
  object.groups = groups;
  return object;
}

function buildResource(entry: LdapEntry, context: ModelContext): UdmObject {
  const object: UdmObject = {};
  apply(entry, object, [
    ['name', 'cn', false],
    ['description', 'description', false],
    ['displayname', 'displayName', false],
    ['resourceadmin', 'oxResourceAdmin', false],
    ['resourceMailAddress', 'mailPrimaryAddress', false],
  ]);
  object.oxContext = first(entry, 'oxContextIDNum') ?? context.defaultContext;
  if (object.displayname === undefined && typeof object.name === 'string') object.displayname = object.name;
  return object;
}

/** UDM options from object classes (docs/reference/udm-objects.md). */
export function optionsOf(entry: LdapEntry, type: UdmObjectType): string[] {
  if (type === 'groups/group') {
    const options = ['default'];
    if (has(entry, 'posixGroup')) options.push('posix');
    if (has(entry, 'sambaGroupMapping')) options.push('samba');
    return options;
  }
  if (type === 'users/user' && has(entry, 'pkiUser')) return ['default', 'pki'];
  return ['default'];
}

export function buildObject(entry: LdapEntry, type: UdmObjectType, context: ModelContext): UdmObject {
  switch (type) {
    case 'users/user':
      return buildUser(entry, context);
    case 'groups/group':
      return buildGroup(entry, context);
    case 'oxmail/oxcontext':
      return buildContext(entry);
    case 'oxmail/accessprofile':
      return buildAccessProfile(entry);
    case 'oxmail/functional_account':
      return buildFunctionalAccount(entry, context);
    case 'oxresources/oxresources':
      return buildResource(entry, context);
  }
}

/** The raw membership references of a group or functional account (kept to rebuild it when members move). */
export function memberReferences(entry: LdapEntry): { dns: string[]; uids: string[] } {
  return { dns: [...text(entry, 'uniqueMember'), ...text(entry, 'member')], uids: text(entry, 'memberUid') };
}
