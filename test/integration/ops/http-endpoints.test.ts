// The HTTP endpoints of a running connector (issue 17 item 3, decisions 0291, 0292): /metrics counts what a run
// did, /readyz follows OX, HTTP Basic guards the page and the metrics, and an address reachable from other
// machines is refused without a password file. Real processes: the built CLI and the emulator.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { E2E, udmUser, until, userDn, useE2E } from '../../helpers/e2e.js';
import { sample, startWithHttp, type RunningConnector } from '../../helpers/http-endpoints.js';

const e2e = useE2E(730);
let running: RunningConnector | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

const get = async (url: string, headers: Record<string, string> = {}) => {
  const res = await fetch(url, { headers });
  return { status: res.status, headers: res.headers, body: await res.text() };
};
const metricsOf = async (base: string) => (await get(`${base}/metrics`)).body;

describe('/metrics', () => {
  it('counts provisioned and parked objects, SOAP calls and faults, and reads queue and store figures', async () => {
    const { t, ids } = await e2e.setup();
    running = await startWithHttp(t);
    const base = running.base;
    let m = await metricsOf(base);
    expect(m).toMatch(/^process_cpu_user_seconds_total /m); // Node's default metrics
    expect(sample(m, 'ox_connector_objects_total{type="users/user",result="provisioned"}')).toBe(0);
    const creates =
      'ox_connector_soap_request_duration_seconds_count{service="OXUserService",operation="createByModuleAccess"}';
    expect(sample(m, creates)).toBe(0);
    expect(sample(m, 'ox_connector_queue_depth')).toBe(0);

    t.queue('anna', 'users/user', userDn(`anna${ids[0]}`), udmUser(`anna${ids[0]}`, ids[0]));
    await until(() => t.queueFiles().length === 0, 'the user to be provisioned');
    await until(
      async () =>
        sample(await metricsOf(base), 'ox_connector_objects_total{type="users/user",result="provisioned"}') === 1,
      'the provisioned user to be counted',
    );
    m = await metricsOf(base);
    expect(sample(m, creates)).toBe(1);
    expect(m).toMatch(
      /^ox_connector_soap_request_duration_seconds_bucket\{le="60",service="OXUserService",operation="createByModuleAccess"\} 1$/m,
    );
    expect(sample(m, 'ox_connector_last_success_timestamp_seconds')).toBeGreaterThan(Date.parse('2026-01-01') / 1000);
    expect(sample(m, 'ox_connector_parked_objects')).toBe(0);

    // Credentials for a context OX does not have: OX answers with a fault, the user is parked and stays queued.
    const secrets = join(t.dataDir, 'secrets', 'contexts.json');
    writeFileSync(secrets, JSON.stringify({ ...t.credentials(), 9730: { adminuser: 'oxadmin', adminpass: 'nope' } }));
    t.queue('lost', 'users/user', userDn('lost730'), udmUser('lost730', 9730));
    await until(
      async () => sample(await metricsOf(base), 'ox_connector_parked_objects') === 1,
      'the user of an unknown context to be parked',
    );
    m = await metricsOf(base);
    expect(sample(m, 'ox_connector_objects_total{type="users/user",result="parked"}')).toBe(1);
    expect(sample(m, 'ox_connector_queue_depth')).toBe(1);
    const faults = m.split('\n').filter((l) => l.startsWith('ox_connector_soap_faults_total{'));
    expect(faults.join('\n')).toMatch(/service="OXUserService",operation="\w+",kind="\w+"\} 1/);
    expect(running.output()).not.toMatch(/nope/);
  });
});

describe('/readyz and /healthz', () => {
  it('is ready with OX answering; not ready once OX is needed and does not answer; alive throughout', async () => {
    const { t, ids } = await e2e.setup();
    running = await startWithHttp(t);
    expect((await get(`${running.base}/readyz`)).status).toBe(200);
    await running.stop();

    // OX gone (a closed port): the queued user needs it.
    t.queue('bert', 'users/user', userDn(`bert${ids[0]}`), udmUser(`bert${ids[0]}`, ids[0]));
    running = await startWithHttp(t, { OX_SOAP_SERVER: 'http://127.0.0.1:1' });
    const base = running.base;
    let ready = await get(`${base}/readyz`);
    await until(async () => {
      ready = await get(`${base}/readyz`);
      return ready.status === 503;
    }, '/readyz to notice that OX does not answer');
    expect(ready.body).toMatch(/OX did not answer/);
    const alive = await get(`${base}/healthz`);
    expect(alive.status).toBe(200);
  });
});

describe('HTTP Basic', () => {
  it('guards the page and /metrics with the password file, not the probes; the password is never logged', async () => {
    const t = new E2E(e2e.emulator);
    const file = join(mkdtempSync(join(tmpdir(), 'oxc-http-')), 'password');
    writeFileSync(file, 'Sesame-4711\n', { mode: 0o600 });
    running = await startWithHttp(t, { OX_CONNECTOR_HTTP_PASSWORD_FILE: file });
    const base = running.base;
    const basic = (user: string, password: string) => ({
      authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
    });
    for (const path of ['/', '/metrics']) {
      const refused = await get(`${base}${path}`);
      expect(refused.status).toBe(401);
      expect(refused.headers.get('www-authenticate')).toMatch(/^Basic realm="ox-connector"/);
      expect((await get(`${base}${path}`, basic('prometheus', 'Sesame-4712'))).status).toBe(401);
      expect((await get(`${base}${path}`, basic('prometheus', 'Sesame-4711'))).status).toBe(200);
    }
    expect((await get(`${base}/healthz`)).status).toBe(200);
    expect((await get(`${base}/readyz`)).status).toBe(200);
    expect(running.output()).toMatch(/HTTP endpoints on 127\.0\.0\.1:\d+.*HTTP Basic/);
    expect(running.output()).not.toMatch(/Sesame/);
  });

  it('refuses an address other machines reach without a password file: exit 2, saying what to set', async () => {
    const t = new E2E(e2e.emulator);
    let r = await t.run(['run', '--once'], { OX_CONNECTOR_HTTP_LISTEN: '0.0.0.0:9464' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /OX_CONNECTOR_HTTP_LISTEN=0\.0\.0\.0:9464 is reachable from other machines.*set OX_CONNECTOR_HTTP_PASSWORD_FILE/,
    );
    r = await t.run(['run', '--once'], {
      OX_CONNECTOR_HTTP_LISTEN: '0.0.0.0:9464',
      OX_CONNECTOR_HTTP_PASSWORD_FILE: join(t.dataDir, 'no-such-file'),
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/OX_CONNECTOR_HTTP_PASSWORD_FILE=.*no-such-file cannot be read \(ENOENT\)/);
    r = await t.run(['run', '--once'], { OX_CONNECTOR_HTTP_LISTEN: '9464' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is not host:port/);
  });
});
