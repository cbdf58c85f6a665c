// `--from ldap`: the desired state read live from the directory with the LDAP source's settings (LDAP_URI,
// LDAP_BASE, LDAP_BIND_DN, LDAP_BIND_PASSWORD_FILE, LDAP_FILTER, LDAP_START_TLS) and its object model, so an
// object looks exactly as the LDAP source would have queued it. One subtree search; the entries are held in memory
// because building a user needs the groups naming it and a group its members' DNs.
import { join } from 'node:path';
import { normalizeDn } from '../model/dn.js';
import { LdapConnection } from '../sources/ldap/connection.js';
import {
  buildObject,
  classify,
  memberReferences,
  SOURCE_FILTER,
  text,
  type LdapEntry,
  type ModelContext,
  type UdmObjectType,
} from '../sources/ldap/object-model.js';
import type { LdapSettings } from '../sources/ldap/settings.js';
import type { DesiredSource, DirectoryObject } from './directory-object.js';

function modelContext(entries: { entry: LdapEntry; type: UdmObjectType }[], defaultContext: string): ModelContext {
  const byDn = new Map<string, { dn: string; type: UdmObjectType }>();
  const byUid = new Map<string, string>();
  for (const { entry, type } of entries) {
    byDn.set(normalizeDn(entry.dn) ?? entry.dn, { dn: entry.dn, type });
    const uid = text(entry, 'uid')[0];
    if (type === 'users/user' && uid !== undefined) byUid.set(uid, entry.dn);
  }
  const groupsOfUser = new Map<string, string[]>();
  for (const { entry, type } of entries) {
    if (type !== 'groups/group') continue;
    const refs = memberReferences(entry);
    const userDns = [...refs.dns, ...refs.uids.map((uid) => byUid.get(uid) ?? '')].filter((dn) => dn !== '');
    for (const dn of new Set(userDns.map((d) => normalizeDn(d) ?? d))) {
      const list = groupsOfUser.get(dn) ?? [];
      list.push(entry.dn);
      groupsOfUser.set(dn, list);
    }
  }
  return {
    defaultContext,
    resolveDn: (dn) => byDn.get(normalizeDn(dn) ?? dn),
    resolveUid: (uid) => byUid.get(uid),
    groupsOf: (dn) => groupsOfUser.get(normalizeDn(dn) ?? dn) ?? [],
  };
}

export async function desiredFromLdap(settings: LdapSettings, dataDir: string): Promise<DesiredSource> {
  const filter = settings.filter ? `(&${SOURCE_FILTER}${settings.filter})` : SOURCE_FILTER;
  const caDirectory = join(dataDir, 'conf', 'ca-certificates');
  const connection = await LdapConnection.connect({ uri: settings.uri, startTls: settings.startTls, caDirectory });
  let found: { dn: string; attributes: Map<string, Buffer[]> }[];
  try {
    if (settings.bindDn) await connection.bind(settings.bindDn, settings.bindPassword ?? '');
    // entryUUID is operational: asked for by name. It is the object id queue files and the store use.
    found = await connection.searchAll({ base: settings.base, scope: 'sub', filter, attributes: ['*', 'entryUUID'] });
  } finally {
    connection.close();
  }
  const typed: { entry: LdapEntry; type: UdmObjectType }[] = [];
  for (const raw of found) {
    // The object model reads attribute names in lower case (as the LDAP source's entries have them).
    const entry: LdapEntry = {
      dn: raw.dn,
      attributes: new Map([...raw.attributes].map(([k, v]) => [k.toLowerCase(), v])),
    };
    const type = classify(entry);
    if (type !== null && text(entry, 'entryUUID')[0] !== undefined) typed.push({ entry, type });
  }
  const context = modelContext(typed, settings.defaultContext);
  const objects = new Map<string, DirectoryObject>();
  for (const { entry, type } of typed) {
    const objectId = text(entry, 'entryUUID')[0]!;
    objects.set(objectId, { objectId, udmType: type, dn: entry.dn, attrs: buildObject(entry, type, context) });
  }
  return { objects: () => objects.values(), get: (objectId) => objects.get(objectId) };
}
