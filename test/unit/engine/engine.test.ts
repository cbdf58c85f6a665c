import { mkdtempSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { loadSettings } from '../../../src/config/settings.js';
import { credentialsFor, Runner } from '../../../src/engine/runner.js';
import { createLogger } from '../../../src/ops/log.js';
import { QueueWriter } from '../../helpers/queue-files.js';
import { FakeOx } from '../../helpers/fake-ox.js';

let dir: string;
let ox: FakeOx;
let lines: string[];
let files: QueueWriter;

function queue(id: string, type: string, dn: string, object: Record<string, unknown> | null): string {
  return files.write(id, type, dn, object);
}

function runner(env: Record<string, string> = {}) {
  const settings = loadSettings(
    { OX_MASTER_PASSWORD: 'master-secret', DOMAINNAME: 'example.org', ...env },
    { dataDir: dir },
  );
  return new Runner({
    settings,
    log: createLogger('DEBUG', (l) => lines.push(l)),
    ox,
    credentials: credentialsFor(settings),
  });
}

async function runOnce(env: Record<string, string> = {}) {
  const r = runner(env);
  try {
    return await r.runOnce();
  } finally {
    r.close();
  }
}

const user = (name: string, extra: Record<string, unknown> = {}) => ({
  username: name,
  firstname: 'Emil',
  lastname: name[0].toUpperCase() + name.slice(1),
  // UDM always fills oxDisplayName for OX users; without any display name a change sends "" (conformance 0130).
  oxDisplayName: `Emil ${name}`,
  mailPrimaryAddress: `${name}@example.org`,
  isOxUser: 'OK',
  oxAccess: 'premium',
  oxContext: '10',
  ...extra,
});

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'oxc-engine-'));
  mkdirSync(join(dir, 'listener'));
  files = new QueueWriter(join(dir, 'listener'));
  writeFileSync(join(dir, 'ModuleAccessDefinitions.properties'), 'premium=webmail,calendar,usm\nnone=\n');
  ox = new FakeOx();
  lines = [];
});

describe('engine with a fake OX', () => {
  it('creates the context first even when its file comes last, then users with one call each; a re-delivery costs nothing', async () => {
    queue('u1', 'users/user', 'uid=anna,cn=users,dc=x', user('anna'));
    queue('c10', 'oxmail/oxcontext', 'cn=context10,dc=x', { contextid: '10', name: 'context10', oxQuota: '1000' });
    const s = await runOnce();
    expect(s).toEqual({ processed: 2, failed: 0, left: 0 });
    expect(ox.calls).toEqual(['OXContextService.create', 'OXUserService.createByModuleAccess']);
    expect(ox.contexts.get(10)?.maxQuota).toBe(1000);
    expect(ox.usersIn(10).map((u) => u.name)).toContain('anna');
    expect(readdirSync(join(dir, 'listener')).filter((f) => f.endsWith('.json'))).toEqual([]);

    ox.calls = [];
    queue('u1', 'users/user', 'uid=anna,cn=users,dc=x', user('anna'));
    expect(await runOnce()).toEqual({ processed: 1, failed: 0, left: 0 });
    expect(ox.calls).toEqual([]);
  });

  it('coalesces several files of one object into its last state', async () => {
    queue('c10', 'oxmail/oxcontext', 'cn=context10,dc=x', { contextid: '10' });
    queue('u1', 'users/user', 'uid=anna,cn=users,dc=x', user('anna', { city: 'A' }));
    queue('u1', 'users/user', 'uid=anna,cn=users,dc=x', user('anna', { city: 'B' }));
    queue('u1', 'users/user', 'uid=anna,cn=users,dc=x', user('anna', { city: 'C' }));
    expect(await runOnce()).toEqual({ processed: 4, failed: 0, left: 0 });
    expect(ox.calls.filter((c) => c.startsWith('OXUser'))).toEqual(['OXUserService.createByModuleAccess']);
    expect(ox.usersIn(10).find((u) => u.name === 'anna')?.city_business).toBe('C');
  });

  it('renames keep the id; context changes copy then delete; deletions remove', async () => {
    queue('c10', 'oxmail/oxcontext', 'cn=context10,dc=x', { contextid: '10' });
    queue('c11', 'oxmail/oxcontext', 'cn=context11,dc=x', { contextid: '11' });
    queue('u1', 'users/user', 'uid=anna,cn=users,dc=x', user('anna'));
    await runOnce();
    const id = ox.usersIn(10).find((u) => u.name === 'anna')!.id;
    ox.calls = [];
    queue('u1', 'users/user', 'uid=anne,cn=users,dc=x', user('anne'));
    await runOnce();
    expect(ox.usersIn(10).find((u) => u.name === 'anne')?.id).toBe(id);
    expect(ox.calls).toEqual(['OXUserService.getData', 'OXUserService.change']);

    queue('u1', 'users/user', 'uid=anne,cn=users,dc=x', user('anne', { oxContext: '11' }));
    await runOnce();
    expect(ox.usersIn(10).some((u) => u.name === 'anne')).toBe(false);
    expect(ox.usersIn(11).some((u) => u.name === 'anne')).toBe(true);

    queue('u1', 'users/user', 'uid=anne,cn=users,dc=x', null);
    await runOnce();
    expect(ox.usersIn(11).some((u) => u.name === 'anne')).toBe(false);
  });

  it('parks a user whose context has no credentials; others flow; logs the greppable lines and no password', async () => {
    queue('c10', 'oxmail/oxcontext', 'cn=context10,dc=x', { contextid: '10' });
    queue('u1', 'users/user', 'uid=lost,cn=users,dc=x', user('lost', { oxContext: '99' }));
    queue('u2', 'users/user', 'uid=bob,cn=users,dc=x', user('bob'));
    const s = await runOnce();
    expect(s).toEqual({ processed: 2, failed: 1, left: 0 });
    expect(ox.usersIn(10).some((u) => u.name === 'bob')).toBe(true);
    const log = lines.join('\n');
    expect(log).toMatch(/Error while processing .*listener\/.*\.json/);
    expect(log).toMatch(/This is consecutive error #1/);
    expect(log).toMatch(/no admin credentials for context 99/);
    expect(log).not.toContain('master-secret');
    const creds = JSON.parse(readFileSync(join(dir, 'secrets', 'contexts.json'), 'utf8'));
    expect(log).not.toContain(creds['10'].adminpass);
  });

  it('reports malformed files and unknown types without stopping others', async () => {
    writeFileSync(join(dir, 'listener', '2024-01-01-00-00-00-000000.json'), '{not json');
    queue('g1', 'computers/linux', 'cn=pc,dc=x', { name: 'pc' });
    queue('c10', 'oxmail/oxcontext', 'cn=context10,dc=x', { contextid: '10' });
    const s = await runOnce();
    expect(s.processed).toBe(1);
    expect(s.failed).toBe(1);
    expect(s.left).toBe(1);
    expect(lines.join('\n')).toMatch(/Error while processing .*000000\.json.*not valid JSON/);
    expect(lines.filter((l) => l.includes('Unknown object type computers/linux'))).toHaveLength(1);
  });

  it('OX down for a whole run: retried with a bounded back-off, the queue stays intact, a later run completes it', async () => {
    queue('c10', 'oxmail/oxcontext', 'cn=context10,dc=x', { contextid: '10' });
    ox.down = true;
    // Back-off capped at 1 s: the run retries OX a bounded number of times (issue 14), then gives up.
    const s = await runOnce({ OX_CONNECTOR_MAX_BACKOFF: '1' });
    expect(ox.calls.length).toBeGreaterThan(1);
    expect(lines.filter((l) => l.includes('Waiting up to'))).toHaveLength(4);
    expect(s.processed).toBe(0);
    expect(s.failed).toBe(1);
    ox.down = false;
    expect(await runOnce()).toEqual({ processed: 1, failed: 0, left: 0 });
  });
});
