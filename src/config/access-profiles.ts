// Reader for the access-profile file <data dir>/ModuleAccessDefinitions.properties (original-behaviour §3.2).
// The writer lives with the access-profile provisioning (issue 4). Re-read whenever the file changes on disk.
import { readFileSync, statSync } from 'node:fs';

/** UDM right name → OX UserModuleAccess member (the 23 rights the connector manages). */
export const RIGHTS_UDM_TO_OX: Readonly<Record<string, string>> = {
  usm: 'USM',
  activesync: 'activeSync',
  calendar: 'calendar',
  collectemailaddresses: 'collectEmailAddresses',
  contacts: 'contacts',
  delegatetask: 'delegateTask',
  deniedportal: 'deniedPortal',
  editgroup: 'editGroup',
  editpassword: 'editPassword',
  editpublicfolders: 'editPublicFolders',
  editresource: 'editResource',
  globaladdressbookdisabled: 'globalAddressBookDisabled',
  ical: 'ical',
  infostore: 'infostore',
  multiplemailaccounts: 'multipleMailAccounts',
  readcreatesharedfolders: 'readCreateSharedFolders',
  subscription: 'subscription',
  syncml: 'syncml',
  tasks: 'tasks',
  vcard: 'vcard',
  webdav: 'webdav',
  webdavxml: 'webdavXml',
  webmail: 'webmail',
};

export const MANAGED_OX_RIGHTS: readonly string[] = Object.values(RIGHTS_UDM_TO_OX);

export const ACCESS_PROFILE_FILE = 'ModuleAccessDefinitions.properties';

/** Parses the file text: profile name → set of OX right names (unknown names kept as written). */
export function parseAccessProfiles(text: string): Map<string, Set<string>> {
  const profiles = new Map<string, Set<string>>();
  for (const line of text.split(/\r?\n/)) {
    if (line.trimStart().startsWith('#')) continue;
    // Name = everything before the last "="; unlike the original, an empty right list ("none=") is a valid
    // profile with no rights (the original could not read it back: original-behaviour §8.13).
    const eq = line.lastIndexOf('=');
    if (eq <= 0) continue;
    const name = line.slice(0, eq).trim();
    if (name === '') continue;
    const rights = new Set<string>();
    for (const raw of line.slice(eq + 1).split(',')) {
      const right = raw.trim();
      if (right !== '') rights.add(RIGHTS_UDM_TO_OX[right.toLowerCase()] ?? right);
    }
    profiles.set(name, rights);
  }
  return profiles;
}

export class AccessProfiles {
  private profiles = new Map<string, Set<string>>();
  private loadedMtimeMs = -2;

  constructor(
    readonly path: string,
    private readonly onMissing: (path: string) => void = () => undefined,
  ) {}

  private refresh(): void {
    let mtimeMs: number;
    try {
      mtimeMs = statSync(this.path).mtimeMs;
    } catch {
      if (this.loadedMtimeMs !== -1) this.onMissing(this.path);
      this.profiles = new Map();
      this.loadedMtimeMs = -1;
      return;
    }
    if (mtimeMs === this.loadedMtimeMs) return;
    this.profiles = parseAccessProfiles(readFileSync(this.path, 'utf8'));
    this.loadedMtimeMs = mtimeMs;
  }

  /** The OX rights of a profile, or undefined when the profile is unknown. */
  get(name: string): Set<string> | undefined {
    this.refresh();
    return this.profiles.get(name);
  }
}

/** The 23 managed UserModuleAccess booleans for a set of granted OX right names. */
export function moduleAccessFor(rights: Set<string>): Record<string, boolean> {
  const access: Record<string, boolean> = {};
  for (const right of MANAGED_OX_RIGHTS) access[right] = rights.has(right);
  return access;
}
