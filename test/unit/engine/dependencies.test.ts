// Holding back follows what handlers declare (provides / needs), not object type names: a type the engine has
// never heard of gets the rule by declaring it.
import { describe, expect, it } from 'vitest';
import { Dependencies } from '../../../src/engine/dependencies.js';
import type { ChangeRecord } from '../../../src/model/change.js';
import { defaultRegistry } from '../../../src/provisioning/registry.js';
import type { ObjectHandler } from '../../../src/provisioning/types.js';

function handler(udmType: string, decl: Partial<ObjectHandler>): ObjectHandler {
  return { udmType, phase: () => 'users', provision: () => Promise.reject(new Error('not run')), ...decl };
}

function record(udmType: string, dn: string, attributes: ChangeRecord['attributes']): ChangeRecord {
  return { objectId: dn, udmType, dn, attributes, options: [], source: `${dn}.json` };
}

describe('Dependencies', () => {
  const person = handler('custom/person', { provides: ['users'] });
  const team = handler('custom/team', { needs: ['users'] });
  const site = handler('custom/site', { provides: ['contexts'], contextProvided: () => 7 });
  const room = handler('custom/room', { needs: ['contexts'], contextsNeeded: () => [7] });

  it('holds a change naming a blocked user of any type that provides users, by current or stored DN', () => {
    const deps = new Dependencies();
    const stored = { objectId: 'p', udmType: 'custom/person', dn: 'UID=Old,dc=x', attrs: {}, oxState: null };
    deps.blocked(person, record('custom/person', 'uid=new,dc=x', {}), stored, {
      objectId: 'p',
      dn: 'uid=new,dc=x',
      why: 'is parked: bad',
    });
    const byOld = deps.holdReason(team, {
      change: record('custom/team', 'cn=t,dc=x', { users: ['uid=old,dc=x'] }),
      stored: undefined,
    });
    expect(byOld).toEqual({ objectId: 'p', reason: 'it names the user uid=new,dc=x, which is parked: bad' });
    const byNew = deps.holdReason(team, {
      change: record('custom/team', 'cn=t,dc=x', { users: ['uid=new,dc=x'] }),
      stored: undefined,
    });
    expect(byNew?.objectId).toBe('p');
  });

  it('does not hold what does not declare the need, nor count what does not declare it provides', () => {
    const deps = new Dependencies();
    deps.blocked(handler('custom/other', {}), record('custom/other', 'uid=a,dc=x', {}), undefined, {
      objectId: 'o',
      dn: 'uid=a,dc=x',
      why: 'x',
    });
    const change = record('custom/team', 'cn=t,dc=x', { users: ['uid=a,dc=x'] });
    expect(deps.holdReason(team, { change, stored: undefined })).toBeUndefined();
    deps.blocked(person, record('custom/person', 'uid=a,dc=x', {}), undefined, {
      objectId: 'p',
      dn: 'uid=a,dc=x',
      why: 'x',
    });
    expect(deps.holdReason(handler('custom/list', {}), { change, stored: undefined })).toBeUndefined();
    expect(deps.holdReason(team, { change, stored: undefined })?.objectId).toBe('p');
  });

  it('holds what needs a context that failed in this pass', () => {
    const deps = new Dependencies();
    deps.failed(site, { change: record('custom/site', 'cn=s,dc=x', {}), stored: undefined });
    const input = { change: record('custom/room', 'cn=r,dc=x', {}), stored: undefined };
    expect(deps.holdReason(room, input)).toEqual({
      objectId: 'cn=s,dc=x',
      reason: 'its context 7 failed in this run.',
    });
  });

  it('the built-in handlers declare the rules of the error policy (users of a context, members of groups and functional accounts)', () => {
    const declared = Object.fromEntries(
      defaultRegistry()
        .types()
        .map((type) => {
          const h = defaultRegistry().get(type)!;
          return [type, { provides: h.provides ?? [], needs: h.needs ?? [] }];
        }),
    );
    expect(declared).toEqual({
      'oxmail/oxcontext': { provides: ['contexts'], needs: [] },
      'oxmail/accessprofile': { provides: [], needs: [] },
      'users/user': { provides: ['users'], needs: ['contexts'] },
      'groups/group': { provides: [], needs: ['users'] },
      'oxmail/functional_account': { provides: [], needs: ['users'] },
      'oxresources/oxresources': { provides: [], needs: ['contexts'] },
    });
  });
});
