// The status page (issue 17 item 3, decision 0293) in a real browser: Debian's chromium, headless, driven by
// puppeteer-core, against a running connector with a parked user and a group held behind it. The DN carries
// markup, which the page must show as text. The screenshot is kept under test-artifacts/ (CI keeps it).
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';
import { afterAll, describe, expect, it } from 'vitest';
import { groupDn, udmGroup, udmUser, until, userDn, useE2E } from '../../helpers/e2e.js';
import { sample, startWithHttp, type RunningConnector } from '../../helpers/http-endpoints.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = resolve(import.meta.dirname, '../../../test-artifacts');

const e2e = useE2E(740);
let running: RunningConnector | undefined;
let browser: Browser | undefined;
afterAll(async () => {
  await browser?.close();
  await running?.stop();
});

describe('the status page in chromium', () => {
  it('shows health, queue, rate and each parked or held object with its commands, markup as text', async () => {
    const { t, ids } = await e2e.setup();
    const lostDn = userDn('lost<i>740</i>');
    t.queue('anna', 'users/user', userDn(`anna${ids[0]}`), udmUser(`anna${ids[0]}`, ids[0]));
    t.queue('lost', 'users/user', lostDn, udmUser('lost740', 9740)); // no credentials for context 9740
    t.queue('team', 'groups/group', groupDn('team740'), udmGroup('team740', [lostDn]));
    running = await startWithHttp(t);
    const base = running.base;
    await until(async () => {
      const m = await (await fetch(`${base}/metrics`)).text();
      return sample(m, 'ox_connector_parked_objects') === 1 && t.queueFiles().length === 2;
    }, 'the user without credentials to be parked and the others settled');

    browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
    const page = await browser.newPage();
    await page.setViewport({ width: 1400, height: 900 });
    const response = await page.goto(`${base}/`, { waitUntil: 'load' });
    expect(response?.status()).toBe(200);
    const text = (selector: string) => page.$eval(selector, (el) => (el as unknown as { innerText: string }).innerText);

    expect(await page.title()).toBe('PROBLEM - ox-connector');
    expect(await page.$eval('meta[http-equiv="refresh"]', (el) => el.getAttribute('content'))).toBe('10');
    expect(await text('#health')).toMatch(/^unhealthy: .*no admin credentials for context 9740/);
    expect(await text('#queue-depth')).toBe('2');
    expect(await text('#oldest-age')).toMatch(/^waits \d+ s$/);
    expect(await text('#rate')).toMatch(/^[1-9]\d* in the last 1 min, /);

    const parked = await text('#parked');
    expect(parked).toContain(lostDn); // the markup shown as text …
    expect(await page.$$eval('#parked i', (els) => els.length)).toBe(0); // … never as elements
    expect(parked).toMatch(/users\/user\tuid=lost<i>740<\/i>|uid=lost<i>740<\/i>.*\tusers\/user/);
    expect(parked).toContain('no admin credentials for context 9740');
    expect(parked).toMatch(/\t1\t/); // tries
    expect(parked).toMatch(/\t\d{4}-\d\d-\d\dT/); // since
    expect(parked).toContain(`ox-connector tasks retry lost --data-dir ${t.dataDir}`);
    expect(parked).toContain(`ox-connector tasks skip lost --reason '…' --data-dir ${t.dataDir}`);

    const held = await text('#held');
    expect(held).toContain(groupDn('team740'));
    expect(held).toContain('groups/group');
    expect(held).toContain(`ox-connector tasks retry lost --data-dir ${t.dataDir}`);
    expect(held).toContain(`ox-connector tasks skip team --reason '…' --data-dir ${t.dataDir}`);

    mkdirSync(ARTIFACTS, { recursive: true });
    const screenshot = join(ARTIFACTS, 'status-page.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    console.log(`status page screenshot: ${screenshot}`);
  });
});
