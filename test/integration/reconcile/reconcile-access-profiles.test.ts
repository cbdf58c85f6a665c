// ox-connector reconcile compares the access-profile file (ModuleAccessDefinitions.properties) with the directory's
// access profiles (kind access_profile): a profile's rights edited in the file directly are planned as a change,
// repaired by apply, and a second dry run plans nothing.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { accessProfileDn, udmAccessProfile, udmUser, userDn, useE2E } from '../../helpers/e2e.js';

const e2e = useE2E(1600);

describe('reconcile: access profiles', () => {
  it('plans a profile edited in the file as a change of its rights and writes it back on apply', async () => {
    const { t, ids, ox } = await e2e.setup();
    const ctx = ids[0];
    const file = join(t.dataDir, 'ModuleAccessDefinitions.properties');
    t.queue(
      'p-sales',
      'oxmail/accessprofile',
      accessProfileDn('sales'),
      udmAccessProfile('sales', { calendar: 'TRUE' }),
    );
    t.queue('u-seller', 'users/user', userDn('seller'), udmUser('seller', ctx, { oxAccess: 'sales' }));
    await t.runOk();
    const provisioned = readFileSync(file, 'utf8');
    expect(provisioned).toContain('\nsales=calendar\n');
    const json = async (args: string[]) => {
      const r = await t.run(['reconcile', '--json', ...args]);
      return { code: r.code, stderr: r.stderr, actions: (JSON.parse(r.stdout) as { actions: unknown[] }).actions };
    };
    expect((await json(['--dry-run'])).actions).toEqual([]);

    writeFileSync(file, provisioned.replace('\nsales=calendar\n', '\nsales=calendar,tasks\n'));
    const dry = await json(['--dry-run']);
    expect(dry.actions).toEqual([
      {
        op: 'change',
        kind: 'access_profile',
        context: 0,
        name: 'sales',
        dn: accessProfileDn('sales'),
        fields: ['rights'],
      },
    ]);
    expect(dry.code).toBe(1);
    expect(readFileSync(file, 'utf8')).toContain('\nsales=calendar,tasks\n');

    const applied = await json([]);
    expect(applied.stderr).not.toMatch(/ERROR/);
    expect(applied.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(provisioned);
    expect((await json(['--dry-run'])).actions).toEqual([]);
    ox.close();
  });
});
