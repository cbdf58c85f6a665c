// Settings of the LDAP source, from the environment (names as in issue 7), validated with messages that
// name the variable and say what to do. The password is read from a file and never printed.
import { readFileSync, statSync } from 'node:fs';
import { readBooleanSetting } from '../../config/boolean-setting.js';
import { filterSyntaxError } from './filter.js';
import { parseLdapUri } from './connection.js';

export interface LdapSettings {
  uri: string;
  bindDn?: string;
  /** Read from LDAP_BIND_PASSWORD_FILE; never log this. */
  bindPassword?: string;
  base: string;
  filter?: string;
  startTls: boolean;
  defaultContext: string;
  /** Things that work but should be fixed (a password file others can read); logged when the source starts. */
  warnings?: string[];
}

export class LdapSettingsError extends Error {
  override name = 'LdapSettingsError';
}

export function readLdapSettings(env: NodeJS.ProcessEnv = process.env): LdapSettings {
  const problems: string[] = [];
  const uri = env.LDAP_URI?.trim() ?? '';
  if (!uri)
    problems.push(
      'LDAP_URI is not set: give the directory server, e.g. ldap://ldap.example.org:389 or ldaps://ldap.example.org',
    );
  else {
    try {
      parseLdapUri(uri);
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  const base = env.LDAP_BASE?.trim() ?? '';
  if (!base) problems.push('LDAP_BASE is not set: give the DN to watch, e.g. dc=example,dc=org');
  else if (!/^[^=,]+=[^,]*(,[^=,]+=[^,]*)*$/.test(base.replace(/\\./g, 'x')))
    problems.push(`LDAP_BASE "${base}" is not a DN (expected attr=value,attr=value)`);

  const bindDn = env.LDAP_BIND_DN?.trim() || undefined;
  const passwordFile = env.LDAP_BIND_PASSWORD_FILE?.trim() || undefined;
  let bindPassword: string | undefined;
  const warnings: string[] = [];
  if (bindDn && !passwordFile)
    problems.push('LDAP_BIND_DN is set but LDAP_BIND_PASSWORD_FILE is not: point it to a file that holds the password');
  if (passwordFile) {
    if (!bindDn) problems.push('LDAP_BIND_PASSWORD_FILE is set but LDAP_BIND_DN is not: set the DN to bind as');
    try {
      bindPassword = readFileSync(passwordFile, 'utf8').replace(/\r?\n$/, '');
      const openTo = permissionWarning(passwordFile);
      if (openTo) warnings.push(openTo);
      if (bindPassword === '')
        problems.push(`LDAP_BIND_PASSWORD_FILE ${passwordFile} is empty: write the bind password into it`);
    } catch (error) {
      problems.push(
        `LDAP_BIND_PASSWORD_FILE ${passwordFile} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}): check the path and permissions`,
      );
    }
  }
  const filter = env.LDAP_FILTER?.trim() || undefined;
  if (filter) {
    const error = filterSyntaxError(filter);
    if (error) problems.push(`LDAP_FILTER: ${error}`);
  }
  const startTls = readBooleanSetting('LDAP_START_TLS', env.LDAP_START_TLS, false, problems);
  const defaultContext = env.DEFAULT_CONTEXT?.trim() || '10';
  if (!/^\d+$/.test(defaultContext))
    problems.push(`DEFAULT_CONTEXT "${defaultContext}" is not a context id (a positive number)`);
  if (problems.length > 0)
    throw new LdapSettingsError(`LDAP source settings are invalid:\n  - ${problems.join('\n  - ')}`);
  return {
    uri,
    bindDn,
    bindPassword,
    base,
    filter: filter ? (filter.startsWith('(') ? filter : `(${filter})`) : undefined,
    startTls,
    defaultContext,
    warnings,
  };
}

/**
 * A password file that group or others may read still works (an error would stop a running installation over
 * a mode), but it is a leak waiting to happen: say so, with the command that fixes it.
 */
function permissionWarning(passwordFile: string): string | undefined {
  const mode = statSync(passwordFile).mode & 0o777;
  if ((mode & 0o077) === 0) return undefined;
  const can = [mode & 0o044 ? 'read' : '', mode & 0o022 ? 'change' : ''].filter(Boolean).join(' and ');
  return `LDAP_BIND_PASSWORD_FILE ${passwordFile} has mode ${mode.toString(8).padStart(4, '0')}, so group or others can ${can || 'open'} it: run chmod 600 ${passwordFile} (only the connector's user needs to read it)`;
}
