// Issue 14 item 12 (part): a non-numeric oxContext is reported with its value, and access-profile names that a
// .properties file cannot hold are refused, while the other characters special to Java properties round-trip.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  accessProfileDn,
  resourceDn,
  udmAccessProfile,
  udmResource,
  udmUser,
  userDn,
  useE2E,
} from '../../helpers/e2e.js';
import { resourcesIn, rightsOf, userByName } from '../../helpers/ox-read.js';

const e2e = useE2E(1500);

describe('a non-numeric oxContext (issue 14 item 12)', () => {
  it('parks the user and the resource with the value, the object and what to do; the others flow', async () => {
    const {
      t,
      ids: [ctx],
      ox,
    } = await e2e.setup();
    t.queue('u-bad', 'users/user', userDn('badctx'), udmUser('badctx', 'ten'));
    t.queue('u-good', 'users/user', userDn('goodctx'), udmUser('goodctx', ctx));
    t.queue('r-bad', 'oxresources/oxresources', resourceDn('hall'), udmResource('hall', { oxContext: '10a' }));
    const r = await t.run();
    const out = r.stdout + r.stderr;
    expect(r.code).not.toBe(0);
    // The log line quotes the message as JSON, so its quotes arrive escaped.
    const q = '\\\\?"';
    expect(out).toMatch(
      new RegExp(
        `Cannot provision users/user ${userDn('badctx')} \\(id u-bad\\): its oxContext ${q}ten${q} is not a context id \\(a positive whole number such as 10\\); set oxContext to the id of an OX context, then retry\\.`,
      ),
    );
    expect(out).toMatch(
      new RegExp(
        `oxresources/oxresources ${resourceDn('hall')} \\(id r-bad\\): its oxContext ${q}10a${q} is not a context id`,
      ),
    );
    expect(out).not.toMatch(/badctx.*has no oxContext attribute/);
    expect(await userByName(ox, ctx, 'goodctx')).toBeDefined();
    expect(await userByName(ox, ctx, 'badctx')).toBeUndefined();
    expect(await resourcesIn(ox, ctx)).toEqual([]);
    const list = await t.run(['tasks', 'list', '--status', 'parked']);
    expect(list.stdout).toContain(userDn('badctx'));
    expect(list.stdout).toContain(resourceDn('hall'));
    ox.close();
  });

  it('a user without oxContext is still skipped with the original warning', async () => {
    const { t, ox } = await e2e.setup();
    const user = udmUser('noctx', 1);
    delete user.oxContext;
    t.queue('u-none', 'users/user', userDn('noctx'), user);
    const out = await t.runOk();
    expect(out).toContain('has no oxContext attribute. No modification. Consider adding an oxContext to it.');
    ox.close();
  });
});

describe('access-profile names and the .properties file (issue 14 item 12)', () => {
  it('a name starting with "#" or "!" is parked with a clear message and never written as a comment line', async () => {
    const {
      t,
      ids: [ctx],
      ox,
    } = await e2e.setup();
    for (const name of ['#vip', '!vip'])
      t.queue(`p-${name}`, 'oxmail/accessprofile', accessProfileDn(name), udmAccessProfile(name, { usm: 'TRUE' }));
    t.queue('p-ok', 'oxmail/accessprofile', accessProfileDn('vip'), udmAccessProfile('vip', { usm: 'TRUE' }));
    t.queue('u-vip', 'users/user', userDn('vipuser'), udmUser('vipuser', ctx, { oxAccess: 'vip' }));
    const r = await t.run();
    const out = r.stdout + r.stderr;
    expect(r.code).not.toBe(0);
    const q = '\\\\?"';
    for (const name of ['#vip', '!vip']) {
      expect(out).toMatch(
        new RegExp(
          `Cannot provision oxmail/accessprofile ${accessProfileDn(name)} \\(id p-${name}\\): the name ${q}${name}${q} starts with ${q}${name[0]}${q}, which makes its line a comment in \\S+ModuleAccessDefinitions.properties`,
        ),
      );
    }
    expect(out).toMatch(/rename the profile \(and the oxAccess of its users\)/);
    const file = readFileSync(join(t.dataDir, 'ModuleAccessDefinitions.properties'), 'utf8');
    expect(file).not.toMatch(/^[#!]vip=/m);
    expect(file).toContain('\nvip=usm\n');
    expect(await rightsOf(ox, ctx, 'vipuser')).toEqual(['USM']);
    ox.close();
  });

  // Characters special to Java properties inside a name: the file keeps the original's format (no escaping,
  // split at the last "="), so the connector's reader gets each name back exactly and users get their rights.
  it.each([
    ['equals', 'a=b'],
    ['colon', 'team:sales'],
    ['blank', 'web mail'],
    ['tab', 'web\tmail'],
    ['backslash', 'dom\\ain'],
    ['hash inside', 'a#b'],
    ['bang inside', 'a!b'],
  ])('a name with %s round-trips: %j', async (_what, name) => {
    const {
      t,
      ids: [ctx],
      ox,
    } = await e2e.setup();
    t.queue('p', 'oxmail/accessprofile', accessProfileDn('special'), udmAccessProfile(name, { calendar: 'TRUE' }));
    t.queue('u', 'users/user', userDn('special'), udmUser('special', ctx, { oxAccess: name }));
    await t.runOk();
    const file = readFileSync(join(t.dataDir, 'ModuleAccessDefinitions.properties'), 'utf8');
    expect(file).toContain(`\n${name}=calendar\n`);
    expect(await rightsOf(ox, ctx, 'special')).toEqual(['calendar']);
    ox.close();
  });
});
