// Reader for the access-profile file <data dir>/ModuleAccessDefinitions.properties (original-behaviour §3.2).
// The reader is re-read whenever the file changes on disk; the writer (updateAccessProfileFile) rewrites the whole
// file atomically in the original's format (decision 0073).
import { readFileSync, statSync } from 'node:fs';
import { RecheckTimer } from './recheck.js';
import { writeFileAtomic } from './atomic-file.js';

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

/**
 * The characters a profile name may not start with: "#" and "!" open a comment line in a .properties file, so
 * such a line would be a comment to any properties reader and to ours (docs/reference/access-profiles.md).
 */
export const COMMENT_MARKERS = ['#', '!'] as const;

/** Whether a (trimmed) profile name would make its line a comment line. */
export function startsLikeComment(name: string): boolean {
  return COMMENT_MARKERS.some((marker) => name.startsWith(marker));
}

/**
 * One profile line: the name and the text of its rights, or undefined for a comment, blank or malformed line.
 * As the original reads it: the name is everything before the *last* "=" (so "=", ":", inner blanks and
 * backslashes in a name round-trip as written, with no escaping), trimmed. Unlike the original, a line whose
 * first non-blank character is "#" or "!" is a comment, as in every .properties file, so that an
 * administrator's "# premium=…" note is not read as a profile named "# premium".
 */
function profileLine(line: string): { name: string; rights: string } | undefined {
  const eq = line.lastIndexOf('=');
  if (eq <= 0) return undefined;
  const name = line.slice(0, eq).trim();
  if (name === '' || startsLikeComment(name)) return undefined;
  return { name, rights: line.slice(eq + 1) };
}

/** Parses the file text: profile name → set of OX right names (unknown names kept as written). */
export function parseAccessProfiles(text: string): Map<string, Set<string>> {
  const profiles = new Map<string, Set<string>>();
  for (const line of text.split(/\r?\n/)) {
    // Unlike the original, an empty right list ("none=") is a valid profile with no rights (the original could
    // not read it back: original-behaviour §8.13).
    const parsed = profileLine(line);
    if (!parsed) continue;
    const rights = new Set<string>();
    for (const raw of parsed.rights.split(',')) {
      const right = raw.trim();
      if (right !== '') rights.add(RIGHTS_UDM_TO_OX[right.toLowerCase()] ?? right);
    }
    profiles.set(parsed.name, rights);
  }
  return profiles;
}

export class AccessProfiles {
  private profiles = new Map<string, Set<string>>();
  private loadedMtimeMs = -2;
  readonly recheck = new RecheckTimer();

  constructor(
    readonly path: string,
    private readonly onMissing: (path: string) => void = () => undefined,
  ) {}

  private refresh(): void {
    if (!this.recheck.due()) return;
    let mtimeMs: number;
    try {
      mtimeMs = statSync(this.path).mtimeMs;
    } catch {
      if (this.loadedMtimeMs !== -1) this.onMissing(this.path);
      this.profiles = new Map();
      this.loadedMtimeMs = -1;
      this.recheck.checked();
      return;
    }
    if (mtimeMs !== this.loadedMtimeMs) {
      this.profiles = parseAccessProfiles(readFileSync(this.path, 'utf8'));
      this.loadedMtimeMs = mtimeMs;
    }
    this.recheck.checked();
  }

  /** Forget what was read, so the next lookup reads the file again (after the connector rewrote it). */
  reload(): void {
    this.loadedMtimeMs = -2;
    this.recheck.reset();
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

const HEADER =
  '# This file is generated by the ox-connector App automatically.\n' +
  '# It is controlled by the UDM module oxmail/accessprofile\n';

/** The file's profiles in file order, with right names as written (UDM style; unknown names kept). */
export function readProfileEntries(text: string): Map<string, string[]> {
  const entries = new Map<string, string[]>();
  for (const line of text.split(/\r?\n/)) {
    const parsed = profileLine(line);
    if (!parsed) continue;
    const name = parsed.name;
    const rights = [
      ...new Set(
        parsed.rights
          .split(',')
          .map((r) => r.trim())
          .filter((r) => r !== ''),
      ),
    ];
    entries.set(name, rights);
  }
  return entries;
}

/** The original's layout: header, empty line, then `name=right,right` (sorted) and an empty line per profile. */
export function formatAccessProfiles(entries: Map<string, string[]>): string {
  let out = HEADER + '\n';
  for (const [name, rights] of entries) out += `${name}=${[...rights].sort().join(',')}\n\n`;
  return out;
}

/**
 * Sets (rights given) or removes (rights null) one profile and rewrites the file atomically. Order of the other
 * profiles and their rights is kept; a new profile is appended. Returns whether the file content changed.
 */
export function updateAccessProfileFile(
  path: string,
  name: string,
  rights: string[] | null,
  previousName?: string,
): boolean {
  let text = '';
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    /* a missing file starts empty */
  }
  const entries = readProfileEntries(text);
  if (previousName !== undefined && previousName !== name) entries.delete(previousName);
  if (rights === null) entries.delete(name);
  else entries.set(name, rights);
  const next = formatAccessProfiles(entries);
  if (next === text) return false;
  writeFileAtomic(path, next, 0o644);
  return true;
}
