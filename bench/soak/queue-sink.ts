/**
 * Mode 1: hands the generator's changes to `ox-connector run` as the UCS listener converter would — one queue
 * file per changed object, written as `<name>.converting.tmp` and renamed (docs/reference/queue-files.md). As in
 * UCS, a user's rename or delete also changes the groups that list the user (their member DNs), so those groups
 * get a file too.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { QueueFileNamer, serializeQueueFile, type QueueRecord, type UdmObject } from '../workload/queue-file.js';
import {
  displayNameOf,
  mailOf,
  resourceMailOf,
  type Change,
  type DirectoryModel,
  type ModelGroup,
  type ModelResource,
  type ModelUser,
} from './model.js';

export const BASE = 'dc=example,dc=org';
export const userDn = (username: string) => `uid=${username},cn=users,${BASE}`;
export const groupDn = (name: string) => `cn=${name},cn=groups,${BASE}`;
export const resourceDn = (name: string) => `cn=${name},cn=oxresources,cn=open-xchange,${BASE}`;

export interface ChangeSink {
  /** Sets up the contexts before the soak starts. */
  prepare(model: DirectoryModel): Promise<void>;
  apply(change: Change, model: DirectoryModel): Promise<void>;
}

export class QueueFileSink implements ChangeSink {
  private lastMicros = 0n;

  constructor(private readonly listenerDir: string) {}

  async prepare(model: DirectoryModel): Promise<void> {
    for (const ctx of model.contexts)
      this.write({
        dn: `cn=context${ctx},cn=open-xchange,${BASE}`,
        id: `soak-context-${ctx}`,
        object: { contextid: String(ctx), name: `context${ctx}` },
        options: ['default'],
        udm_object_type: 'oxmail/oxcontext',
      });
  }

  async apply(change: Change, model: DirectoryModel): Promise<void> {
    switch (change.kind) {
      case 'userCreate':
      case 'userRename':
        this.writeUser(change.user, model);
        for (const g of change.groups) this.writeGroup(g, model);
        return;
      case 'userModify':
      case 'userMove':
        return this.writeUser(change.user, model);
      case 'userDelete':
        this.write(deleted(change.user.id, userDn(change.user.username), 'users/user'));
        for (const g of change.groups) this.writeGroup(g, model);
        return;
      case 'groupCreate':
      case 'groupMembers':
        return this.writeGroup(change.group, model);
      case 'groupDelete':
        return this.write(deleted(change.group.id, groupDn(change.group.name), 'groups/group'));
      case 'resourceCreate':
      case 'resourceModify':
      case 'resourceMove':
        return this.writeResource(change.resource);
      case 'resourceDelete':
        return this.write(deleted(change.resource.id, resourceDn(change.resource.name), 'oxresources/oxresources'));
    }
  }

  private writeUser(user: ModelUser, model: DirectoryModel): void {
    const object: UdmObject = {
      username: user.username,
      firstname: user.firstname,
      lastname: user.lastname,
      city: user.city,
      mailPrimaryAddress: mailOf(user),
      'e-mail': [mailOf(user)],
      displayName: `${user.firstname} ${user.lastname}`,
      oxDisplayName: displayNameOf(user),
      isOxUser: 'OK',
      oxContext: String(user.ctx),
      disabled: '0',
      groups: model.groupsOf(user.id).map((g) => groupDn(g.name)),
    };
    this.write({ dn: userDn(user.username), id: user.id, object, options: ['default'], udm_object_type: 'users/user' });
  }

  private writeGroup(group: ModelGroup, model: DirectoryModel): void {
    const users = [...group.members].map((id) => userDn(model.users.get(id)!.username));
    const object: UdmObject = { name: group.name, users, isOxGroup: 'OK', description: '', nestedGroup: [] };
    this.write({
      dn: groupDn(group.name),
      id: group.id,
      object,
      options: ['default'],
      udm_object_type: 'groups/group',
    });
  }

  private writeResource(r: ModelResource): void {
    const object: UdmObject = {
      name: r.name,
      displayname: `Room ${r.name}`,
      description: r.description,
      resourceMailAddress: resourceMailOf(r),
      resourceadmin: '2001',
      oxContext: String(r.ctx),
    };
    this.write({
      dn: resourceDn(r.name),
      id: r.id,
      object,
      options: ['default'],
      udm_object_type: 'oxresources/oxresources',
    });
  }

  /** Named after the current time as the listener does, strictly increasing even within one microsecond. */
  private write(record: QueueRecord): void {
    let micros = BigInt(Date.now()) * 1000n;
    if (micros <= this.lastMicros) micros = this.lastMicros + 1n;
    this.lastMicros = micros;
    const name = QueueFileNamer.format(micros);
    const tmp = join(this.listenerDir, `${name}.converting.tmp`);
    writeFileSync(tmp, serializeQueueFile(record));
    renameSync(tmp, join(this.listenerDir, name));
  }
}

function deleted(id: string, dn: string, type: QueueRecord['udm_object_type']): QueueRecord {
  return { dn, id, object: null, options: null, udm_object_type: type };
}
