// docs/reference/original-connector.md scenarios 69–70: the connector-visible part of the attribute-mapping tests. The
// mapping is changed with `ox-connector attribute-mapping modify` (the original's change_attribute_mapping.py
// spellings), then a user change shows the effect in OX.
import { describe, expect, it } from 'vitest';
import { udmUser, userDn, useE2E } from '../../helpers/e2e.js';
import { userByName } from '../../helpers/ox-read.js';

const e2e = useE2E(1600);

describe('attribute mapping (scenarios 69–70)', () => {
  it('69. userfield01 follows description, then oxUserfield01 again', async () => {
    const { t, ids, ox } = await e2e.setup();
    const ctx = ids[0];
    let r = await t.run(['attribute-mapping', 'modify', '--set', 'userfield01', 'description']);
    expect(r.code).toBe(0);
    t.queue('am69', 'users/user', userDn('am69'), udmUser('am69', ctx, { description: 'd1', oxUserfield01: 'u1' }));
    await t.runOk();
    expect((await userByName(ox, ctx, 'am69'))?.userfield01).toBe('d1');

    r = await t.run(['attribute-mapping', 'modify', '--set', 'userfield01', 'oxUserfield01']);
    expect(r.code).toBe(0);
    t.queue('am69', 'users/user', userDn('am69'), udmUser('am69', ctx, { description: 'd2', oxUserfield01: 'u1' }));
    await t.runOk();
    expect((await userByName(ox, ctx, 'am69'))?.userfield01).toBe('u1');
    ox.close();
  });

  it('70. email1 from oxUserfield01 with mailPrimaryAddress as the alternative while it is empty', async () => {
    const { t, ids, ox } = await e2e.setup();
    const ctx = ids[0];
    const r = await t.run([
      'attribute-mapping',
      'modify',
      '--set',
      'email1',
      'oxUserfield01',
      '--set_alternatives',
      'email1',
      'mailPrimaryAddress',
    ]);
    expect(r.code).toBe(0);
    t.queue('am70', 'users/user', userDn('am70'), udmUser('am70', ctx));
    await t.runOk();
    expect((await userByName(ox, ctx, 'am70'))?.email1).toBe('am70@example.org');

    t.queue('am70', 'users/user', userDn('am70'), udmUser('am70', ctx, { oxUserfield01: 'am70.other@example.org' }));
    await t.runOk();
    expect((await userByName(ox, ctx, 'am70'))?.email1).toBe('am70.other@example.org');

    expect((await t.run(['attribute-mapping', 'restore_default'])).code).toBe(0);
    t.queue('am70', 'users/user', userDn('am70'), udmUser('am70', ctx, { description: 'x' }));
    await t.runOk();
    expect((await userByName(ox, ctx, 'am70'))?.email1).toBe('am70@example.org');
    ox.close();
  });
});
