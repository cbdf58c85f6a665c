// Directory objects as the UCS listener converter writes them into queue files (ListenerUDMVersion 1 strings),
// and their DNs. One place for every end-to-end test, so that a fixture means the same thing in every file.

import { RIGHTS_UDM_TO_OX } from '../../src/config/access-profiles.js';

type Obj = Record<string, unknown>;

export const BASE = 'dc=example,dc=org';

export const userDn = (username: string): string => `uid=${username},cn=users,${BASE}`;
export const contextDn = (id: number): string => `cn=context${id},cn=open-xchange,${BASE}`;
export const groupDn = (name: string): string => `cn=${name},cn=groups,${BASE}`;
export const resourceDn = (name: string): string => `cn=${name},cn=oxresources,cn=open-xchange,${BASE}`;
export const functionalAccountDn = (name: string): string =>
  `cn=${name},cn=functional_accounts,cn=open-xchange,${BASE}`;
export const accessProfileDn = (name: string): string => `cn=${name},cn=accessprofiles,cn=open-xchange,${BASE}`;

/** A realistic UDM user: an OX user with the `premium` profile in `contextId`. */
export function udmUser(username: string, contextId: number | string, extra: Obj = {}): Obj {
  const capitalised = username[0].toUpperCase() + username.slice(1);
  return {
    username,
    firstname: 'Emil',
    lastname: capitalised,
    mailPrimaryAddress: `${username}@example.org`,
    'e-mail': [`${username}@example.org`],
    displayName: `Emil ${username}`,
    oxDisplayName: `Emil ${capitalised}`,
    isOxUser: 'OK',
    oxAccess: 'premium',
    oxContext: String(contextId),
    disabled: '0',
    groups: ['cn=Domain Users,cn=groups,dc=example,dc=org'],
    password: '{crypt}$6$notreal',
    ...extra,
  };
}

export function contextObject(id: number, quota?: number): Obj {
  return { contextid: String(id), name: `context${id}`, ...(quota !== undefined ? { oxQuota: String(quota) } : {}) };
}

/** An OX group (isOxGroup on) with the given member DNs. */
export function udmGroup(name: string, users: string[], extra: Obj = {}): Obj {
  return { name, users, isOxGroup: 'OK', description: '', nestedGroup: [], ...extra };
}

/** A resource without oxContext unless `extra` names one (the original skips such a resource). */
export function udmResource(name: string, extra: Obj = {}): Obj {
  return {
    name,
    displayname: `Room ${name}`,
    description: `The ${name}`,
    resourceMailAddress: `${name}@example.org`,
    resourceadmin: '2001',
    ...extra,
  };
}

export function udmFunctionalAccount(name: string, users: string[], extra: Obj = {}): Obj {
  return { name, mailPrimaryAddress: `${name}@example.org`, personal: `FA ${name}`, users, groups: [], ...extra };
}

/** The UDM names of the access-profile rights the connector maps to OX module access. */
export const ACCESS_RIGHTS = Object.keys(RIGHTS_UDM_TO_OX);

/**
 * An access profile with every right (and publicfoldereditable): the value given in `rights`, else 'FALSE' — so a
 * test states only the rights it cares about, in whichever spelling it tests.
 */
export function udmAccessProfile(name: string, rights: Obj): Obj {
  const attrs: Obj = { name, displayName: name };
  for (const r of [...ACCESS_RIGHTS, 'publicfoldereditable']) attrs[r] = rights[r] ?? 'FALSE';
  return attrs;
}
