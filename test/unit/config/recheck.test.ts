// Configuration files re-read on change are looked at once per interval while a pass runs (decision 0192), and on
// every read otherwise.
import { mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AccessProfiles } from '../../../src/config/access-profiles.js';
import { AttributeMappingFile } from '../../../src/config/attribute-mapping.js';
import { CredentialsStore } from '../../../src/config/credentials.js';
import { RecheckTimer } from '../../../src/config/recheck.js';

/** Writes the file with a distinct modification time (the stores compare mtimes). */
function write(path: string, text: string, mtimeSeconds: number): void {
  writeFileSync(path, text);
  utimesSync(path, mtimeSeconds, mtimeSeconds);
}

describe('RecheckTimer', () => {
  it('is always due without an interval, once per interval with one, and again after reset or throttle', () => {
    const t = new RecheckTimer();
    t.checked();
    expect(t.due()).toBe(true);
    t.throttle(60_000);
    expect(t.due()).toBe(true); // the first read of a pass looks in any case
    t.checked();
    expect(t.due()).toBe(false);
    t.reset();
    expect(t.due()).toBe(true);
    t.checked();
    t.throttle(0);
    expect(t.due()).toBe(true);
  });
});

describe('file-backed configuration under a recheck interval', () => {
  const dir = mkdtempSync(join(tmpdir(), 'oxc-recheck-'));

  it('credentials: an edit is seen at once normally, after the interval (here: when it ends) during a pass', () => {
    const path = join(dir, 'contexts.json');
    write(path, JSON.stringify({ '10': { adminuser: 'a', adminpass: 'p' } }), 1000);
    const store = new CredentialsStore(path);
    expect(store.context(10)?.adminuser).toBe('a');
    write(path, JSON.stringify({ '10': { adminuser: 'b', adminpass: 'p' } }), 2000);
    expect(store.context(10)?.adminuser).toBe('b');

    store.recheck.throttle(60_000);
    expect(store.context(10)?.adminuser).toBe('b');
    write(path, JSON.stringify({ '10': { adminuser: 'c', adminpass: 'p' } }), 3000);
    expect(store.context(10)?.adminuser).toBe('b');
    store.recheck.throttle(0);
    expect(store.context(10)?.adminuser).toBe('c');
  });

  it('credentials: a broken file keeps failing under the interval instead of serving the old entries', () => {
    const path = join(dir, 'broken.json');
    write(path, JSON.stringify({ '10': { adminuser: 'a', adminpass: 'p' } }), 1000);
    const store = new CredentialsStore(path);
    store.recheck.throttle(60_000);
    expect(store.context(10)?.adminuser).toBe('a');
    write(path, '{ not json', 2000);
    store.recheck.reset();
    expect(() => store.context(10)).toThrow(/not valid JSON/);
    expect(() => store.context(10)).toThrow(/not valid JSON/);
  });

  it('access profiles: reload() looks at the file again even within the interval', () => {
    const path = join(dir, 'ModuleAccessDefinitions.properties');
    write(path, 'premium=webmail\n', 1000);
    const profiles = new AccessProfiles(path);
    profiles.recheck.throttle(60_000);
    expect([...profiles.get('premium')!]).toEqual(['webmail']);
    write(path, 'premium=calendar\n', 2000);
    expect([...profiles.get('premium')!]).toEqual(['webmail']);
    profiles.reload();
    expect([...profiles.get('premium')!]).toEqual(['calendar']);
  });

  it('attribute mapping: same object within the interval, the edited mapping after it', () => {
    const path = join(dir, 'AttributeMapping.json');
    const mapping = new AttributeMappingFile(path);
    mapping.recheck.throttle(60_000);
    const first = mapping.current();
    write(path, JSON.stringify({ email1: { ldap_attribute: 'mail', nillable: false } }), 2000);
    expect(mapping.current()).toBe(first);
    mapping.recheck.throttle(0);
    expect(mapping.current().email1.ldap_attribute).toBe('mail');
  });
});
