// The credentials file (<data dir>/secrets/contexts.json, OX_CREDENTIALS_FILE), same shape as the original:
//   { "master": {"adminuser": "...", "adminpass": "..."}, "10": {"adminuser": "oxadmin", "adminpass": "..."} }
// Written atomically with mode 0600, keys sorted, 2-space indent. Re-read when the file changes on disk so an
// administrator can add a context's credentials while the connector runs.
import { readFileSync, statSync } from 'node:fs';
import { writeFileAtomic } from './atomic-file.js';
import { RecheckTimer } from './recheck.js';

export interface AdminCredentials {
  adminuser: string;
  adminpass: string;
}

export class CredentialsFileError extends Error {
  override name = 'CredentialsFileError';
}

export class CredentialsStore {
  private entries: Record<string, AdminCredentials> = {};
  private loadedMtimeMs = -1;
  readonly recheck = new RecheckTimer();

  constructor(
    readonly path: string,
    private readonly masterFromEnv?: { adminuser: string; adminpass: string | undefined },
  ) {}

  private refresh(): void {
    if (!this.recheck.due()) return;
    let mtimeMs: number;
    try {
      mtimeMs = statSync(this.path).mtimeMs;
    } catch {
      this.entries = {};
      this.loadedMtimeMs = -1;
      this.recheck.checked();
      return;
    }
    if (mtimeMs === this.loadedMtimeMs) {
      this.recheck.checked();
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(this.path, 'utf8'));
    } catch (err) {
      throw new CredentialsFileError(
        `The credentials file ${this.path} is not valid JSON (${(err as Error).message}); fix or restore it.`,
      );
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new CredentialsFileError(`The credentials file ${this.path} must contain a JSON object.`);
    }
    this.entries = parsed as Record<string, AdminCredentials>;
    this.loadedMtimeMs = mtimeMs;
    this.recheck.checked();
  }

  /** Master credentials: OX_MASTER_PASSWORD wins, else the file's "master" entry. */
  master(): AdminCredentials | undefined {
    if (this.masterFromEnv?.adminpass) {
      return { adminuser: this.masterFromEnv.adminuser, adminpass: this.masterFromEnv.adminpass };
    }
    this.refresh();
    const entry = this.entries.master;
    if (!entry?.adminpass) return undefined;
    return {
      adminuser: entry.adminuser || this.masterFromEnv?.adminuser || 'oxadminmaster',
      adminpass: entry.adminpass,
    };
  }

  context(contextId: number): AdminCredentials | undefined {
    this.refresh();
    const entry = this.entries[String(contextId)];
    if (!entry?.adminuser || !entry.adminpass) return undefined;
    return entry;
  }

  setContext(contextId: number, creds: AdminCredentials): void {
    this.refresh();
    this.entries[String(contextId)] = { adminuser: creds.adminuser, adminpass: creds.adminpass };
    this.write();
  }

  removeContext(contextId: number): boolean {
    this.refresh();
    if (!(String(contextId) in this.entries)) return false;
    delete this.entries[String(contextId)];
    this.write();
    return true;
  }

  private write(): void {
    writeFileAtomic(this.path, pythonJsonDump(this.entries), 0o600);
    this.loadedMtimeMs = statSync(this.path).mtimeMs;
  }
}

/**
 * The bytes Python's json.dump(obj, f, indent=2, sort_keys=True) writes, as the original does
 * (docs/reference/original-connector.md, "Common rules"): keys sorted at every level, 2-space indent, non-ASCII
 * escaped as \uXXXX, no trailing newline.
 */
export function pythonJsonDump(value: unknown, indent = ''): string {
  // Built by hand: JavaScript objects enumerate integer-like keys ("9", "10") numerically, Python sorts as text.
  const inner = indent + '  ';
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((v) => inner + pythonJsonDump(v, inner)).join(',\n')}\n${indent}]`;
  }
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    if (keys.length === 0) return '{}';
    const items = keys.map(
      (k) => `${inner}${asciiJson(k)}: ${pythonJsonDump((value as Record<string, unknown>)[k], inner)}`,
    );
    return `{\n${items.join(',\n')}\n${indent}}`;
  }
  return asciiJson(value);
}

function asciiJson(value: unknown): string {
  return (JSON.stringify(value) ?? 'null').replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
