// LDAP source benchmark: initial load rate for N users (default 10,000) and latency from an LDAP modify
// to its queue file. Run: npx tsx bench/ldap.ts [users]. Needs slapd + ldap-utils (Debian packages).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readLdapSettings, startLdapSource } from '../src/sources/ldap/index.js';
import { openStateDb } from '../src/state/database.js';
import { SLAPD_ROOT_PASSWORD, startSlapd } from '../scripts/slapd/slapd.js';

const users = Number(process.argv[2] ?? 10_000);
const quiet = { info: () => {}, warning: () => {}, error: () => {} };
const slapd = startSlapd({ sample: false });
const dataDir = mkdtempSync(join(tmpdir(), 'ox-ldap-bench-'));
try {
  let ldif =
    'dn: cn=10,cn=open-xchange,dc=example,dc=org\nchangetype: add\nobjectClass: oxContext\ncn: 10\noxContextIDNum: 10\n\n';
  for (let n = 0; n < users; n++) {
    ldif += `dn: uid=u${n},cn=users,dc=example,dc=org\nchangetype: add\nobjectClass: inetOrgPerson\nobjectClass: univentionMail\nobjectClass: oxUserObject\nuid: u${n}\ncn: User ${n}\ngivenName: User\nsn: ${n}\nmailPrimaryAddress: u${n}@example.org\nisOxUser: OK\noxContextIDNum: 10\n\n`;
  }
  const add = spawnSync('ldapmodify', ['-x', '-c', '-H', slapd.uri, '-D', slapd.bindDn, '-w', SLAPD_ROOT_PASSWORD], {
    input: ldif,
    maxBuffer: 1 << 30,
  });
  if (add.status !== 0) throw new Error(`ldapmodify failed: ${add.stderr}`);

  const db = openStateDb(join(dataDir, 'ox-connector.db'));
  const settings = readLdapSettings({
    LDAP_URI: slapd.uri,
    LDAP_BASE: slapd.base,
    LDAP_BIND_DN: slapd.bindDn,
    LDAP_BIND_PASSWORD_FILE: slapd.passwordFile,
  });
  let started = performance.now();
  const once = startLdapSource({ settings, db, dataDir, logger: quiet, once: true });
  await once.done;
  const loadSeconds = (performance.now() - started) / 1000;
  console.log(
    `initial load: ${once.stats.written} objects in ${loadSeconds.toFixed(2)} s = ${Math.round(once.stats.written / loadSeconds)} objects/s`,
  );

  let committed: (() => void) | undefined;
  const live = startLdapSource({ settings, db, dataDir, logger: quiet, onCommit: () => committed?.() });
  await live.refreshed;
  const latencies: number[] = [];
  for (let i = 0; i < 20; i++) {
    const seen = new Promise<void>((resolve) => (committed = resolve));
    started = performance.now();
    spawnSync('ldapmodify', ['-x', '-H', slapd.uri, '-D', slapd.bindDn, '-w', SLAPD_ROOT_PASSWORD], {
      input: `dn: uid=u${i},cn=users,dc=example,dc=org\nchangetype: modify\nreplace: title\ntitle: t${i}\n`,
    });
    await seen;
    latencies.push(performance.now() - started);
  }
  latencies.sort((a, b) => a - b);
  console.log(
    `modify → queue file (incl. ldapmodify process start): median ${latencies[10].toFixed(1)} ms, max ${latencies[19].toFixed(1)} ms (target < 1000 ms)`,
  );
  await live.stop();
  db.close();
} finally {
  slapd.destroy();
  rmSync(dataDir, { recursive: true, force: true });
}
