// End-to-end harness: a real emulator (HTTP), a temporary data directory, queue files written as UCS writes
// them, `ox-connector run --once` as a child process, OX state read back over SOAP.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { OxClient } from '../../src/ox/index.js';

export const MASTER_PASSWORD = 'Master-Secret-4711';
const MAIN = resolve(import.meta.dirname, '../../dist/cli/main.js');

export const DEFAULT_PROFILES = [
  'none=',
  'webmail=collectemailaddresses,contacts,multiplemailaccounts,subscription,webmail',
  'premium=calendar,collectemailaddresses,contacts,delegatetask,editpublicfolders,ical,infostore,multiplemailaccounts,readcreatesharedfolders,subscription,tasks,usm,vcard,webdav,webdavxml,webmail',
].join('\n');

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export class E2E {
  dataDir: string;
  private seq = 0;
  env: Record<string, string>;

  constructor(
    readonly emulator: RunningEmulator,
    env: Record<string, string> = {},
  ) {
    this.dataDir = mkdtempSync(join(tmpdir(), 'oxc-e2e-'));
    mkdirSync(join(this.dataDir, 'listener'), { recursive: true });
    writeFileSync(join(this.dataDir, 'ModuleAccessDefinitions.properties'), DEFAULT_PROFILES + '\n');
    this.env = {
      OX_SOAP_SERVER: emulator.url.replace(/\/webservices\/?$/, ''),
      OX_MASTER_PASSWORD: MASTER_PASSWORD,
      OX_IMAP_SERVER: 'imap://imap.example.org:143',
      OX_SMTP_SERVER: 'smtp://smtp.example.org:587',
      DOMAINNAME: 'example.org',
      DEFAULT_CONTEXT: '10',
      ...env,
    };
  }

  /** Writes one queue file in the converter's format (sorted keys, 4-space indent). */
  queue(id: string, type: string, dn: string, object: Record<string, unknown> | null): string {
    this.seq++;
    const name = `2024-05-02-14-03-07-${String(this.seq).padStart(6, '0')}.json`;
    const body = { dn, id, object, options: object ? ['default'] : null, udm_object_type: type };
    writeFileSync(join(this.dataDir, 'listener', name), JSON.stringify(body, null, 4));
    return name;
  }

  run(args: string[] = ['run', '--once'], extraEnv: Record<string, string> = {}): Promise<RunResult> {
    return new Promise((resolvePromise) => {
      const child = spawn(process.execPath, [MAIN, ...args, '--data-dir', this.dataDir], {
        env: { PATH: process.env.PATH ?? '', ...this.env, ...extraEnv },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
    });
  }

  credentials(): Record<string, { adminuser: string; adminpass: string }> {
    try {
      return JSON.parse(readFileSync(join(this.dataDir, 'secrets', 'contexts.json'), 'utf8'));
    } catch {
      return {};
    }
  }

  /** A SOAP client with the master and the context-admin credentials the connector wrote. */
  client(): OxClient {
    return new OxClient({
      baseUrl: this.emulator.url,
      credentials: {
        master: () => ({ login: 'oxadminmaster', password: MASTER_PASSWORD }),
        contextAdmin: (id) => {
          const c = this.credentials()[String(id)];
          if (!c) throw new Error(`no credentials for context ${id}`);
          return { login: c.adminuser, password: c.adminpass };
        },
      },
    });
  }
}

export async function startTestEmulator(): Promise<RunningEmulator> {
  return startEmulator({ port: 0, masterPassword: MASTER_PASSWORD });
}

/** A realistic UDM user as the listener converter writes it (ListenerUDMVersion 1 strings). */
export function udmUser(
  username: string,
  contextId: number | string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    username,
    firstname: 'Emil',
    lastname: username[0].toUpperCase() + username.slice(1),
    mailPrimaryAddress: `${username}@example.org`,
    'e-mail': [`${username}@example.org`],
    displayName: `Emil ${username}`,
    oxDisplayName: `Emil ${username[0].toUpperCase() + username.slice(1)}`,
    isOxUser: 'OK',
    oxAccess: 'premium',
    oxContext: String(contextId),
    disabled: '0',
    groups: ['cn=Domain Users,cn=groups,dc=example,dc=org'],
    password: '{crypt}$6$notreal',
    ...extra,
  };
}

export function userDn(username: string): string {
  return `uid=${username},cn=users,dc=example,dc=org`;
}

export function contextObject(id: number, quota?: number): Record<string, unknown> {
  return { contextid: String(id), name: `context${id}`, ...(quota !== undefined ? { oxQuota: String(quota) } : {}) };
}

export function contextDn(id: number): string {
  return `cn=context${id},cn=open-xchange,dc=example,dc=org`;
}
