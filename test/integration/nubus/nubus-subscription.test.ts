// `nubus subscribe|status|unsubscribe` against the Provisioning API stand-in on a real nats-server: idempotent
// registration with a generated password kept 0600, a conflicting subscription explained, the consumer using the
// stored password, removal. Runs the built CLI.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NATS_SERVER } from '../../helpers/nats-server.js';
import { STANDIN_ADMIN } from '../../helpers/provisioning-api-standin.js';
import { change, CLI, readQueue, runCli, udmUser, useNubusStand } from './nubus-fixture.js';

describe.skipIf(!existsSync(CLI) || !NATS_SERVER)('nubus subscribe, status, unsubscribe', () => {
  const stand = useNubusStand();
  const dir = stand.dataDir();
  const env = (name: string, adminPassword = STANDIN_ADMIN.password) => ({
    PATH: process.env.PATH ?? '',
    PROVISIONING_API_BASE_URL: stand.api.url,
    PROVISIONING_API_USERNAME: name,
    PROVISIONING_API_ADMIN_USERNAME: STANDIN_ADMIN.username,
    PROVISIONING_API_ADMIN_PASSWORD: adminPassword,
  });
  const cli = (args: string[], environment: NodeJS.ProcessEnv) =>
    runCli([...args, '--data-dir', dir], environment).finished;
  const passwordFile = join(dir, 'secrets', 'provisioning-api-password');

  it('registers the six topics with prefill, keeps the password 0600, and accepts itself again', async () => {
    const first = await cli(['nubus', 'subscribe'], env('ox-sub'));
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('Subscription "ox-sub" registered with prefill');
    const registered = stand.api.subscriptions.get('ox-sub')!;
    expect(registered.request_prefill).toBe(true);
    expect(registered.realms_topics.map((t) => t.topic).sort()).toEqual(
      [
        'groups/group',
        'oxmail/accessprofile',
        'oxmail/functional_account',
        'oxmail/oxcontext',
        'oxresources/oxresources',
        'users/user',
      ].sort(),
    );
    expect(statSync(passwordFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(passwordFile, 'utf8').trim()).toBe(registered.password);
    expect(first.stdout + first.stderr).not.toContain(registered.password);

    const again = await cli(['nubus', 'subscribe'], env('ox-sub'));
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('was registered already, identically');
  });

  it('reports the prefill state, and the consumer uses the stored password', async () => {
    const waiting = await cli(['nubus', 'status'], env('ox-sub'));
    expect(waiting.code, waiting.stderr).toBe(0);
    expect(waiting.stdout).toContain('prefill pending');
    await stand.api.publish('ox-sub', 'prefill', change('users/user', {}, udmUser(1)));
    stand.api.setPrefillStatus('ox-sub', 'done');
    const sync = await cli(['nubus-sync', '--once'], env('ox-sub'));
    expect(sync.code, sync.stderr).toBe(0);
    expect(readQueue(dir).map((r) => r.id)).toEqual(['uoi-user-1']);
    const done = await cli(['nubus', 'status', '--json'], env('ox-sub'));
    expect(JSON.parse(done.stdout)).toMatchObject({ subscription: 'ox-sub', prefill: 'done', queuedFiles: 1 });
  });

  it('explains a conflicting subscription and a refused admin account', async () => {
    await stand.api.subscribe('ox-taken', 'someone-elses', ['users/user'], false);
    const conflict = await cli(['nubus', 'subscribe'], env('ox-taken'));
    expect(conflict.code).toBe(1);
    expect(conflict.stderr).toContain('cannot be changed: run ox-connector nubus unsubscribe, then nubus subscribe');
    const refused = await cli(['nubus', 'subscribe'], env('ox-sub', 'Wrong-Admin-7'));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('check PROVISIONING_API_ADMIN_USERNAME and PROVISIONING_API_ADMIN_PASSWORD_FILE');
    expect(refused.stderr).not.toContain('Wrong-Admin-7');
  });

  it('unsubscribes: the subscription and the stored password are gone', async () => {
    const result = await cli(['nubus', 'unsubscribe'], env('ox-sub'));
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Subscription "ox-sub" deleted');
    expect(stand.api.subscriptions.has('ox-sub')).toBe(false);
    expect(existsSync(passwordFile)).toBe(false);
  });
});
