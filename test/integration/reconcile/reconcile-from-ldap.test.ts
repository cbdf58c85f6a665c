// reconcile --from ldap (issue 16) against a real slapd: the live directory is the desired state, so a user whose
// queue file never arrived is created and a user deleted while nothing was listening is deleted in OX — both
// without the LDAP source running — and a second run plans nothing.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../../src/emulator/index.js';
import type { OxClient } from '../../../src/ox/index.js';
import { E2E, startTestEmulator } from '../../helpers/e2e.js';
import { userByName } from '../../helpers/ox-read.js';
import { type Slapd, startSlapd } from '../ldap/slapd-fixture.js';

const CLI = resolve(import.meta.dirname, '../../../dist/cli/main.js');
const USERS = 'cn=users,dc=example,dc=org';

interface Plan {
  actions: { op: string; kind: string; context: number; name: string; dn?: string; orphan?: boolean }[];
  summary: Record<string, number>;
}

describe.skipIf(!existsSync(CLI))('reconcile --from ldap', () => {
  let slapd: Slapd;
  let emu: RunningEmulator;
  let t: E2E;
  let ox: OxClient;
  const ldapEnv = () => ({
    LDAP_URI: slapd.uri,
    LDAP_BASE: slapd.base,
    LDAP_BIND_DN: slapd.bindDn,
    LDAP_BIND_PASSWORD_FILE: slapd.passwordFile,
  });
  const reconcile = async (args: string[]) => {
    const r = await t.run(['reconcile', '--from', 'ldap', '--json', ...args], ldapEnv());
    return { ...r, plan: r.stdout.trim().startsWith('{') ? (JSON.parse(r.stdout) as Plan) : undefined };
  };

  beforeAll(async () => {
    slapd = startSlapd(); // ldap/sample: context 10, profiles, alice + bob, group staff, an account, a resource.
    emu = await startTestEmulator();
    t = new E2E(emu, { DEFAULT_CONTEXT: '10' });
    ox = t.client();
    const initial = await t.run(['run', '--source', 'ldap', '--once'], ldapEnv());
    expect(initial.stdout, initial.stderr).toMatch(/processed=\d+ failed=0/);
  });
  afterAll(async () => {
    slapd?.destroy();
    ox?.close();
    await emu?.close();
  });

  it('finds a user whose queue file never arrived and one deleted while nothing listened, and repairs both', async () => {
    const first = await reconcile(['--dry-run']);
    expect(first.plan?.actions, first.stderr).toEqual([]);
    expect(first.code).toBe(0);

    // Nothing is listening: no queue file is written for either change.
    slapd.modify(
      `dn: uid=carol,${USERS}\nchangetype: add\nobjectClass: inetOrgPerson\nobjectClass: univentionMail\nobjectClass: oxUserObject\nuid: carol\ncn: Carol C\ngivenName: Carol\nsn: C\nmailPrimaryAddress: carol@example.org\n`,
    );
    slapd.modify(`dn: uid=bob,${USERS}\nchangetype: delete\n`);
    expect(t.queueFiles()).toEqual([]);

    const dry = await reconcile(['--dry-run']);
    expect(dry.code, dry.stderr).toBe(1);
    const users = dry.plan?.actions.filter((a) => a.kind === 'user');
    expect(users).toEqual([
      { op: 'delete', kind: 'user', context: 10, name: 'bob', dn: `uid=bob,${USERS}` },
      { op: 'create', kind: 'user', context: 10, name: 'carol', dn: `uid=carol,${USERS}` },
    ]);
    expect(await userByName(ox, 10, 'bob')).toBeDefined();

    const applied = await reconcile([]);
    expect(applied.code, applied.stderr).toBe(0);
    expect(await userByName(ox, 10, 'carol')).toMatchObject({ name: 'carol', email1: 'carol@example.org' });
    expect(await userByName(ox, 10, 'bob')).toBeUndefined();

    const again = await reconcile(['--dry-run']);
    expect(again.plan?.actions, again.stderr).toEqual([]);
    expect(again.code).toBe(0);
  });
});
