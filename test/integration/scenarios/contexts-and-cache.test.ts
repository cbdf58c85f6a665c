// docs/reference/original-connector.md scenarios 1–9: contexts and the id cache, end to end against the emulator.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStateDb } from '../../../src/state/database.js';
import { StateStore } from '../../../src/state/store.js';
import { contextDn, contextObject, E2E, udmUser, userDn, useE2E } from '../../helpers/e2e.js';
import { contextData, userByName } from '../../helpers/ox-read.js';

const e2e = useE2E();

function cachedOxId(t: E2E, dn: string): number | undefined {
  const db = openStateDb(join(t.dataDir, 'ox-connector.db'));
  try {
    const store = new StateStore(db);
    const obj = store.getObjectByDn(dn);
    return obj ? store.oxIdsOf(obj.objectId).find((r) => r.kind === 'user')?.oxId : undefined;
  } finally {
    db.close();
  }
}

describe('contexts', () => {
  it('1. create with quota → one context, name context<id>, maxQuota 1000; admin credentials stored', async () => {
    const t = new E2E(e2e.emulator);
    t.queue('ctx-101', 'oxmail/oxcontext', contextDn(101), contextObject(101, 1000));
    await t.runOk();
    const ox = t.client();
    const c = await contextData(ox, 101);
    expect(c?.id).toBe(101);
    expect(c?.name).toBe('context101');
    expect(c?.maxQuota).toBe(1000);
    const creds = t.credentials()['101'];
    expect(creds.adminuser).toBe('oxadmin-context101');
    expect(creds.adminpass).toMatch(/^[A-Za-z0-9]{64}$/);
    ox.close();
  });

  it('2. create without quota → unlimited', async () => {
    const t = new E2E(e2e.emulator);
    t.queue('ctx-102', 'oxmail/oxcontext', contextDn(102), contextObject(102));
    await t.runOk();
    const ox = t.client();
    const c = await contextData(ox, 102);
    expect(c?.name).toBe('context102');
    expect([undefined, null, -1]).toContain(c?.maxQuota);
    ox.close();
  });

  it('3. quota change → maxQuota 2000, name unchanged; 4. delete → gone and credentials removed', async () => {
    const t = new E2E(e2e.emulator);
    t.queue('ctx-103', 'oxmail/oxcontext', contextDn(103), contextObject(103, 1000));
    await t.runOk();
    t.queue('ctx-103', 'oxmail/oxcontext', contextDn(103), contextObject(103, 2000));
    await t.runOk();
    const ox = t.client();
    const c = await contextData(ox, 103);
    expect(c?.maxQuota).toBe(2000);
    expect(c?.name).toBe('context103');
    t.queue('ctx-103', 'oxmail/oxcontext', contextDn(103), null);
    await t.runOk();
    expect(await contextData(ox, 103)).toBeUndefined();
    expect(t.credentials()['103']).toBeUndefined();
    ox.close();
  });

  it('context deletions run last, creations first, whatever the file order', async () => {
    const t = new E2E(e2e.emulator);
    t.queue('u-x', 'users/user', userDn('early'), udmUser('early', 104));
    t.queue('ctx-104', 'oxmail/oxcontext', contextDn(104), contextObject(104));
    await t.runOk();
    const ox = t.client();
    expect(await userByName(ox, 104, 'early')).toBeDefined();
    t.queue('ctx-104', 'oxmail/oxcontext', contextDn(104), null);
    t.queue('u-x', 'users/user', userDn('early'), null);
    await t.runOk();
    expect(await contextData(ox, 104)).toBeUndefined();
    ox.close();
  });
});

describe('id cache', () => {
  it('5. non-OX user → no cached id; 6. OX user → cached id equals OX id', async () => {
    const t = new E2E(e2e.emulator);
    t.queue('ctx-105', 'oxmail/oxcontext', contextDn(105), contextObject(105));
    t.queue('u-5', 'users/user', userDn('nonox5'), udmUser('nonox5', 105, { isOxUser: 'Not', oxContext: undefined }));
    t.queue('u-6', 'users/user', userDn('ox6'), udmUser('ox6', 105));
    await t.runOk();
    expect(cachedOxId(t, userDn('nonox5'))).toBeUndefined();
    const ox = t.client();
    const u = await userByName(ox, 105, 'ox6');
    expect(cachedOxId(t, userDn('ox6'))).toBe(u?.id);
    // The DN index ignores case and blanks.
    expect(cachedOxId(t, 'UID=ox6, CN=Users, DC=Example, DC=Org')).toBe(u?.id);
    ox.close();
  });

  it('7. rename → cached id unchanged under the new DN; 8. context move → new id; 9. isOxUser off → no id', async () => {
    const t = new E2E(e2e.emulator);
    t.queue('ctx-106', 'oxmail/oxcontext', contextDn(106), contextObject(106));
    t.queue('ctx-107', 'oxmail/oxcontext', contextDn(107), contextObject(107));
    t.queue('u-other', 'users/user', userDn('other7'), udmUser('other7', 106));
    t.queue('u-7', 'users/user', userDn('cache7'), udmUser('cache7', 106));
    await t.runOk();
    const before = cachedOxId(t, userDn('cache7'));
    expect(before).toBeTypeOf('number');
    t.queue('u-7', 'users/user', userDn('cache7b'), udmUser('cache7b', 106));
    await t.runOk();
    expect(cachedOxId(t, userDn('cache7b'))).toBe(before);
    expect(cachedOxId(t, userDn('cache7'))).toBeUndefined();
    t.queue('u-7', 'users/user', userDn('cache7b'), udmUser('cache7b', 107));
    await t.runOk();
    const after = cachedOxId(t, userDn('cache7b'));
    expect(after).toBeTypeOf('number');
    expect(after).not.toBe(before);
    t.queue('u-7', 'users/user', userDn('cache7b'), udmUser('cache7b', 107, { isOxUser: 'Not' }));
    await t.runOk();
    expect(cachedOxId(t, userDn('cache7b'))).toBeUndefined();
  });
});
