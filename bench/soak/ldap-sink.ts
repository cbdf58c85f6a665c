/**
 * Mode 2 (`--source ldap`): the generator's changes become LDAP operations on a real slapd (ldapmodify), which
 * the connector's `run --source ldap` follows by syncrepl. Group members are uniqueMember DNs; the throwaway
 * slapd has no referential-integrity overlay, so a user's rename or delete rewrites its groups' member lists as
 * UCS's directory would. While slapd is stopped for the chaos, a change waits until it answers again.
 */
import { spawn } from 'node:child_process';
import { SLAPD_ROOT_PASSWORD, type Slapd } from '../../scripts/slapd/slapd.js';
import { sleep } from '../lib/wait.js';
import {
  displayNameOf,
  mailOf,
  resourceMailOf,
  type Change,
  type DirectoryModel,
  type ModelGroup,
  type ModelUser,
} from './model.js';
import { BASE, groupDn, resourceDn, userDn, type ChangeSink } from './queue-sink.js';

function ldapmodify(slapd: Slapd, ldif: string): Promise<{ ok: boolean; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('ldapmodify', ['-x', '-H', slapd.uri, '-D', slapd.bindDn, '-w', SLAPD_ROOT_PASSWORD], {
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ ok: code === 0, stderr }));
    child.stdin.on('error', () => {}); // slapd down: ldapmodify exits early, the exit code says so
    child.stdin.end(ldif);
  });
}

export class LdapSink implements ChangeSink {
  constructor(private readonly slapd: Slapd) {}

  async prepare(model: DirectoryModel): Promise<void> {
    for (const ctx of model.contexts)
      await this.modify(
        `dn: cn=${ctx},cn=open-xchange,${BASE}\nchangetype: add\nobjectClass: oxContext\ncn: ${ctx}\noxContextIDNum: ${ctx}\n`,
      );
  }

  async apply(change: Change, model: DirectoryModel): Promise<void> {
    switch (change.kind) {
      case 'userCreate':
        await this.modify(userEntry(change.user));
        for (const g of change.groups) await this.modify(members(g, model));
        return;
      case 'userModify':
        return this.modify(
          `dn: ${userDn(change.user.username)}\nchangetype: modify\nreplace: sn\nsn: ${change.user.lastname}\n-\nreplace: l\nl: ${change.user.city}\n-\nreplace: oxDisplayName\noxDisplayName: ${displayNameOf(change.user)}\n`,
        );
      case 'userRename': {
        const u = change.user;
        await this.modify(
          `dn: ${userDn(change.oldUsername)}\nchangetype: modrdn\nnewrdn: uid=${u.username}\ndeleteoldrdn: 1\n\n` +
            `dn: ${userDn(u.username)}\nchangetype: modify\nreplace: mailPrimaryAddress\nmailPrimaryAddress: ${mailOf(u)}\n-\nreplace: oxDisplayName\noxDisplayName: ${displayNameOf(u)}\n`,
        );
        for (const g of change.groups) await this.modify(members(g, model));
        return;
      }
      case 'userMove':
        return this.modify(
          `dn: ${userDn(change.user.username)}\nchangetype: modify\nreplace: oxContextIDNum\noxContextIDNum: ${change.user.ctx}\n`,
        );
      case 'userDelete':
        await this.modify(`dn: ${userDn(change.user.username)}\nchangetype: delete\n`);
        for (const g of change.groups) await this.modify(members(g, model));
        return;
      case 'groupCreate':
        return this.modify(
          `dn: ${groupDn(change.group.name)}\nchangetype: add\nobjectClass: organizationalRole\nobjectClass: univentionGroup\nobjectClass: oxGroup\ncn: ${change.group.name}\nisOxGroup: OK\n` +
            memberLines(change.group, model),
        );
      case 'groupMembers':
        return this.modify(members(change.group, model));
      case 'groupDelete':
        return this.modify(`dn: ${groupDn(change.group.name)}\nchangetype: delete\n`);
      case 'resourceCreate': {
        const r = change.resource;
        return this.modify(
          `dn: ${resourceDn(r.name)}\nchangetype: add\nobjectClass: oxResourceObject\ncn: ${r.name}\ndisplayName: Room ${r.name}\n` +
            `description: ${r.description}\noxResourceAdmin: 2001\nmailPrimaryAddress: ${resourceMailOf(r)}\noxContextIDNum: ${r.ctx}\n`,
        );
      }
      case 'resourceModify':
        return this.modify(
          `dn: ${resourceDn(change.resource.name)}\nchangetype: modify\nreplace: description\ndescription: ${change.resource.description}\n`,
        );
      case 'resourceMove':
        return this.modify(
          `dn: ${resourceDn(change.resource.name)}\nchangetype: modify\nreplace: oxContextIDNum\noxContextIDNum: ${change.resource.ctx}\n`,
        );
      case 'resourceDelete':
        return this.modify(`dn: ${resourceDn(change.resource.name)}\nchangetype: delete\n`);
    }
  }

  /** Applies one LDIF, waiting out a slapd restart; any other refusal is a bug in the generator. */
  private async modify(ldif: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const { ok, stderr } = await ldapmodify(this.slapd, ldif);
      if (ok) return;
      if (!/Can't contact LDAP server|Connection refused|\(-1\)/i.test(stderr) || attempt > 600)
        throw new Error(`soak: ldapmodify refused a generated change: ${stderr.trim()}\n${ldif}`);
      await sleep(100);
    }
  }
}

function userEntry(u: ModelUser): string {
  return (
    `dn: ${userDn(u.username)}\nchangetype: add\nobjectClass: inetOrgPerson\nobjectClass: univentionMail\nobjectClass: oxUserObject\n` +
    `uid: ${u.username}\ncn: ${u.firstname} ${u.lastname}\ngivenName: ${u.firstname}\nsn: ${u.lastname}\nl: ${u.city}\n` +
    `mailPrimaryAddress: ${mailOf(u)}\noxDisplayName: ${displayNameOf(u)}\nisOxUser: OK\noxContextIDNum: ${u.ctx}\n`
  );
}

function memberLines(g: ModelGroup, model: DirectoryModel): string {
  return [...g.members].map((id) => `uniqueMember: ${userDn(model.users.get(id)!.username)}\n`).join('');
}

function members(g: ModelGroup, model: DirectoryModel): string {
  return `dn: ${groupDn(g.name)}\nchangetype: modify\nreplace: uniqueMember\n${memberLines(g, model)}`;
}
