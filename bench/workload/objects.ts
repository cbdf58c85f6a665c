/**
 * Builders for the six UDM object types the connector handles, in ListenerUDMVersion 1 encoding
 * (docs/reference/udm-objects.md): single values as strings, multi values as string
 * arrays, booleans as the stored strings (`"OK"`, `"TRUE"`, `"0"`), unset values mostly absent.
 */
import type { QueueRecord, UdmObject } from './queue-file.js';

export interface DirectoryNaming {
  /** LDAP base, e.g. `dc=example,dc=org`. */
  baseDn: string;
  /** Mail domain, e.g. `example.org`. */
  mailDomain: string;
}

export const dnOf = {
  user: (n: DirectoryNaming, username: string) => `uid=${username},cn=users,${n.baseDn}`,
  group: (n: DirectoryNaming, name: string) => `cn=${name},cn=groups,${n.baseDn}`,
  context: (n: DirectoryNaming, name: string) => `cn=${name},cn=open-xchange,${n.baseDn}`,
  accessProfile: (n: DirectoryNaming, name: string) => `cn=${name},cn=accessprofiles,cn=open-xchange,${n.baseDn}`,
  functionalAccount: (n: DirectoryNaming, name: string) =>
    `cn=${name},cn=functional_accounts,cn=open-xchange,${n.baseDn}`,
  resource: (n: DirectoryNaming, name: string) => `cn=${name},cn=oxresources,cn=open-xchange,${n.baseDn}`,
};

export function contextRecord(n: DirectoryNaming, id: string, contextId: number, quotaMb: number): QueueRecord {
  const name = `context${contextId}`;
  return {
    dn: dnOf.context(n, name),
    id,
    object: { contextid: String(contextId), name, oxQuota: String(quotaMb) },
    options: ['default'],
    udm_object_type: 'oxmail/oxcontext',
  };
}

/**
 * The seven profiles `app/inst` creates (docs/reference/default-access-profiles.md); only rights that are set
 * appear.
 */
const PROFILE_RIGHTS: ReadonlyArray<readonly [string, string, readonly string[]]> = (() => {
  const pim = ['calendar', 'contacts', 'delegatetask', 'tasks', 'webmail'];
  const pimDrive = [...pim, 'infostore'];
  const groupware = [...pimDrive, 'editpublicfolders', 'readcreatesharedfolders'];
  const premium = [...groupware, 'ical', 'vcard', 'webdav', 'webdavxml', 'usm'];
  return [
    ['none', 'Login disabled', []],
    ['webmail', 'Webmail', ['contacts', 'webmail']],
    ['webmail_drive', 'Webmail, Drive', ['contacts', 'infostore', 'webmail']],
    ['pim', 'Webmail, PIM', pim],
    ['pim_drive', 'Webmail, PIM, Drive', pimDrive],
    ['groupware', 'Webmail, PIM, Groupware', groupware],
    ['premium', 'Webmail, PIM, Groupware, WebDAV', premium],
  ] as const;
})();

export function accessProfileRecords(n: DirectoryNaming, ids: () => string): QueueRecord[] {
  return PROFILE_RIGHTS.map(([name, displayName, rights]) => {
    const object: UdmObject = { name, displayName };
    const all = name === 'none' ? rights : ['collectemailaddresses', 'multiplemailaccounts', 'subscription', ...rights];
    for (const right of all) object[right] = 'TRUE';
    return {
      dn: dnOf.accessProfile(n, name),
      id: ids(),
      object,
      options: ['default'],
      udm_object_type: 'oxmail/accessprofile',
    };
  });
}

export interface GroupSpec {
  id: string;
  name: string;
  description: string;
  gidNumber: number;
  sambaRid: number;
  mailAddress: string | null;
  memberDns: string[];
}

export function groupRecord(n: DirectoryNaming, g: GroupSpec): QueueRecord {
  const object: UdmObject = {
    adGroupType: '-2147483646',
    description: g.description,
    gidNumber: String(g.gidNumber),
    hosts: [],
    isOxGroup: 'OK',
    memberOf: [],
    name: g.name,
    nestedGroup: [],
    sambaGroupType: '2',
    sambaRID: String(g.sambaRid),
    users: g.memberDns.slice(),
  };
  if (g.mailAddress) object.mailAddress = g.mailAddress;
  return {
    dn: dnOf.group(n, g.name),
    id: g.id,
    object,
    options: ['default', 'posix', 'samba'],
    udm_object_type: 'groups/group',
  };
}

export interface ResourceSpec {
  id: string;
  name: string;
  displayName: string;
  description: string;
  contextId: number;
  mailAddress: string;
  /** uidNumber of the administrating user (that is what UDM stores). */
  adminUidNumber: number;
}

export function resourceRecord(n: DirectoryNaming, r: ResourceSpec): QueueRecord {
  return {
    dn: dnOf.resource(n, r.name),
    id: r.id,
    object: {
      description: r.description,
      displayname: r.displayName,
      name: r.name,
      oxContext: String(r.contextId),
      resourceMailAddress: r.mailAddress,
      resourceadmin: String(r.adminUidNumber),
    },
    options: ['default'],
    udm_object_type: 'oxresources/oxresources',
  };
}

export interface FunctionalAccountSpec {
  id: string;
  name: string;
  mailAddress: string;
  personal: string;
  quotaMb: number;
  memberDns: string[];
}

export function functionalAccountRecord(n: DirectoryNaming, f: FunctionalAccountSpec): QueueRecord {
  return {
    dn: dnOf.functionalAccount(n, f.name),
    id: f.id,
    object: {
      groups: [],
      mailPrimaryAddress: f.mailAddress,
      name: f.name,
      oxQuota: String(f.quotaMb),
      personal: f.personal,
      users: f.memberDns.slice(),
    },
    options: ['default'],
    udm_object_type: 'oxmail/functional_account',
  };
}

/** A delete as UCS writes it: `object` and `options` both `null`, the old DN, the type kept. */
export function deleteRecord(record: QueueRecord): QueueRecord {
  return { dn: record.dn, id: record.id, object: null, options: null, udm_object_type: record.udm_object_type };
}
