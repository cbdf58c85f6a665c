// nubus-sync against the Provisioning API stand-in on a real nats-server with JetStream: the initial load by prefill,
// every kind of change, irrelevant topics, wrong credentials. Runs the built CLI (npm test builds first).
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NATS_SERVER } from '../../helpers/nats-server.js';
import { change, CLI, consumerEnv, readQueue, runCli, TOPICS, udmUser, useNubusStand } from './nubus-fixture.js';

describe.skipIf(!existsSync(CLI) || !NATS_SERVER)('nubus-sync (Provisioning API stand-in on JetStream)', () => {
  const stand = useNubusStand();
  const dataDirs: string[] = [];
  const dataDir = () => {
    const dir = stand.dataDir();
    dataDirs.push(dir);
    return dir;
  };

  it('loads the prefill first, then the main queue, and acknowledges everything', async () => {
    await stand.api.subscribe('ox-prefill', 'pw-prefill', TOPICS, true);
    // A live change arrives while the prefill is still running: it must come after the prefill's objects.
    await stand.api.publish('ox-prefill', 'main', change('users/user', udmUser(1), udmUser(1, { lastname: 'Later' })));
    await stand.api.publish(
      'ox-prefill',
      'main',
      change('oxmail/shared_account', {}, { dn: 'cn=shared,dc=example,dc=org' }),
    );
    for (let n = 1; n <= 3; n++) await stand.api.publish('ox-prefill', 'prefill', change('users/user', {}, udmUser(n)));
    stand.api.setPrefillStatus('ox-prefill', 'done');
    const dir = dataDir();
    const { finished } = runCli(
      ['nubus-sync', '--once', '--data-dir', dir],
      consumerEnv(stand.api.url, 'ox-prefill', 'pw-prefill', dir),
    );
    const result = await finished;
    expect(result.code, result.stderr).toBe(0);
    const records = readQueue(dir);
    expect(records.map((r) => [r.id, r.object?.lastname ?? null])).toEqual([
      ['uoi-user-1', null],
      ['uoi-user-2', null],
      ['uoi-user-3', null],
      ['uoi-user-1', 'Later'],
    ]);
    expect(records[0]).toMatchObject({
      dn: 'uid=user1,cn=users,dc=example,dc=org',
      udm_object_type: 'users/user',
      options: ['default'],
    });
    expect(await stand.api.pending('ox-prefill')).toBe(0);
    expect(result.stdout + result.stderr).toContain('4 staged, 1 of other topics');
  });

  it('turns create, modify, move and delete into queue records, for every provisioned type', async () => {
    await stand.api.subscribe('ox-kinds', 'pw-kinds', TOPICS, false);
    const context = {
      dn: 'oxContext=ctx10,cn=open-xchange,dc=example,dc=org',
      properties: { univentionObjectIdentifier: 'uoi-ctx', name: 'ctx10' },
      options: {},
    };
    const group = {
      dn: 'cn=staff,cn=groups,dc=example,dc=org',
      properties: {
        univentionObjectIdentifier: 'uoi-group',
        name: 'staff',
        users: ['uid=user7,cn=users,dc=example,dc=org'],
      },
      options: { default: true },
    };
    const moved = udmUser(7, {}, 'cn=people');
    await stand.api.publish('ox-kinds', 'main', change('oxmail/oxcontext', {}, context));
    await stand.api.publish('ox-kinds', 'main', change('users/user', {}, udmUser(7)));
    await stand.api.publish('ox-kinds', 'main', change('users/user', udmUser(7), udmUser(7, { firstname: 'Seven' })));
    await stand.api.publish('ox-kinds', 'main', change('users/user', udmUser(7, { firstname: 'Seven' }), moved));
    await stand.api.publish('ox-kinds', 'main', change('groups/group', {}, group));
    await stand.api.publish('ox-kinds', 'main', change('groups/group', group, {}));
    await stand.api.publish('ox-kinds', 'main', change('users/user', moved, {}));
    const dir = dataDir();
    const result = await runCli(
      ['nubus-sync', '--once', '--data-dir', dir],
      consumerEnv(stand.api.url, 'ox-kinds', 'pw-kinds', dir),
    ).finished;
    expect(result.code, result.stderr).toBe(0);
    expect(readQueue(dir).map(({ file: _, ...record }) => record)).toEqual([
      { id: 'uoi-ctx', dn: context.dn, udm_object_type: 'oxmail/oxcontext', object: context.properties, options: [] },
      {
        id: 'uoi-user-7',
        dn: udmUser(7).dn,
        udm_object_type: 'users/user',
        object: udmUser(7).properties,
        options: ['default'],
      },
      {
        id: 'uoi-user-7',
        dn: udmUser(7).dn,
        udm_object_type: 'users/user',
        object: { ...udmUser(7).properties, firstname: 'Seven' },
        options: ['default'],
      },
      { id: 'uoi-user-7', dn: moved.dn, udm_object_type: 'users/user', object: moved.properties, options: ['default'] },
      {
        id: 'uoi-group',
        dn: group.dn,
        udm_object_type: 'groups/group',
        object: group.properties,
        options: ['default'],
      },
      { id: 'uoi-group', dn: group.dn, udm_object_type: 'groups/group', object: null, options: null },
      { id: 'uoi-user-7', dn: moved.dn, udm_object_type: 'users/user', object: null, options: null },
    ]);
    expect(await stand.api.pending('ox-kinds')).toBe(0);
  });

  it('stops with what to do when the credentials are refused, and never prints the password', async () => {
    await stand.api.subscribe('ox-creds', 'right-password', TOPICS, false);
    const dir = dataDir();
    const result = await runCli(
      ['nubus-sync', '--data-dir', dir],
      consumerEnv(stand.api.url, 'ox-creds', 'Wrong-Secret-42', dir),
    ).finished;
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('refused the credentials of subscription "ox-creds"');
    expect(result.stderr).toContain('PROVISIONING_API_PASSWORD_FILE');
    expect(result.stdout + result.stderr).not.toContain('Wrong-Secret-42');
  });
});
