// Issue 14 item 14: a fresh data directory has no ModuleAccessDefinitions.properties; it used to log "Could not
// read …" and "Cannot find access profile 'premium'" and leave the user's rights as OX chose them. It now starts
// from the app's default profiles (docs/reference/default-access-profiles.md).
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contextDn, contextObject, E2E, udmUser, userDn, useE2E } from '../../helpers/e2e.js';
import { rightsOf } from '../../helpers/ox-read.js';

const e2e = useE2E(1600);

/** The OX names of the premium profile's rights (manual: Webmail, PIM, Groupware, WebDAV). */
const PREMIUM = [
  'USM',
  'calendar',
  'collectEmailAddresses',
  'contacts',
  'delegateTask',
  'editPublicFolders',
  'ical',
  'infostore',
  'multipleMailAccounts',
  'readCreateSharedFolders',
  'subscription',
  'tasks',
  'vcard',
  'webdav',
  'webdavXml',
  'webmail',
].sort();

function freshDataDir(ctx: number): E2E {
  const t = new E2E(e2e.emulator, { DEFAULT_CONTEXT: String(ctx) });
  unlinkSync(join(t.dataDir, 'ModuleAccessDefinitions.properties')); // the harness writes one; a new install has none
  t.queue(`ctx-${ctx}`, 'oxmail/oxcontext', contextDn(ctx), contextObject(ctx));
  return t;
}

describe('access profiles of a fresh data directory', () => {
  it('provisions a user with oxAccess premium with the premium rights, and logs no missing profile', async () => {
    const ctx = e2e.newContextId();
    const t = freshDataDir(ctx);
    t.queue('u-prem', 'users/user', userDn('prem'), udmUser('prem', ctx, { oxAccess: 'premium' }));
    t.queue('u-web', 'users/user', userDn('web'), udmUser('web', ctx, { oxAccess: 'webmail' }));
    const out = await t.runOk();
    expect(out).not.toMatch(/Could not read|Cannot find access profile/);
    expect(out).toMatch(
      /INFO .*wrote the OX Connector app's default profiles \(none, webmail, webmail_drive, pim, pim_drive, groupware, premium\)/,
    );

    const ox = t.client();
    try {
      expect(await rightsOf(ox, ctx, 'prem')).toEqual(PREMIUM);
      expect(await rightsOf(ox, ctx, 'web')).toEqual(
        ['collectEmailAddresses', 'contacts', 'multipleMailAccounts', 'subscription', 'webmail'].sort(),
      );
    } finally {
      ox.close();
    }
    // In the original's file format, as the app's profiles would have written it.
    const file = readFileSync(join(t.dataDir, 'ModuleAccessDefinitions.properties'), 'utf8');
    expect(file).toContain(
      '\n\nnone=\n\nwebmail=collectemailaddresses,contacts,multiplemailaccounts,subscription,webmail\n',
    );
    expect(file).toContain(
      '\npremium=calendar,collectemailaddresses,contacts,delegatetask,editpublicfolders,ical,infostore,multiplemailaccounts,readcreatesharedfolders,subscription,tasks,usm,vcard,webdav,webdavxml,webmail\n',
    );
  });

  it("never replaces a file that exists: it is the directory's word on the profiles", async () => {
    const ctx = e2e.newContextId();
    const t = freshDataDir(ctx);
    writeFileSync(join(t.dataDir, 'ModuleAccessDefinitions.properties'), 'premium=webmail\n');
    t.queue('u-own', 'users/user', userDn('own'), udmUser('own', ctx, { oxAccess: 'premium' }));
    const out = await t.runOk();
    expect(out).not.toContain('default profiles');
    expect(readFileSync(join(t.dataDir, 'ModuleAccessDefinitions.properties'), 'utf8')).toBe('premium=webmail\n');
    const ox = t.client();
    try {
      expect(await rightsOf(ox, ctx, 'own')).toEqual(['webmail']);
    } finally {
      ox.close();
    }
  });
});
