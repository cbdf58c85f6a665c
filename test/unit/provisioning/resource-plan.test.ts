// The resources planner alone: plain objects in, typed operations out; no emulator, database or network.
import { describe, expect, it } from 'vitest';
import type { ChangeRecord } from '../../../src/model/change.js';
import type { UdmAttributes } from '../../../src/model/values.js';
import { planResource, type ResourceOxState } from '../../../src/provisioning/resources/plan.js';
import { PermanentError } from '../../../src/provisioning/types.js';

const room: UdmAttributes = {
  name: 'room1',
  displayname: 'Room 1',
  resourceMailAddress: 'room1@example.org',
  description: 'big',
  oxContext: '10',
};
const stored: ResourceOxState = {
  contextId: 10,
  oxId: 4,
  fields: { name: 'room1', displayname: 'Room 1', email: 'room1@example.org', description: 'big' },
};

function change(attributes: UdmAttributes | null): ChangeRecord {
  return { objectId: 'r1', udmType: 'oxresources/oxresources', dn: 'cn=room1,dc=x', attributes } as ChangeRecord;
}

describe('resources planner', () => {
  it('creates a new resource; an unchanged one costs nothing', () => {
    expect(planResource(change(room), undefined)).toEqual({
      ops: [{ type: 'resource', op: 'create', contextId: 10, fields: stored.fields }],
      state: null,
    });
    expect(planResource(change(room), stored)).toEqual({ ops: [], state: stored });
  });

  it('a change sends only the differing fields; an empty description clears it', () => {
    const { description: _gone, ...rest } = room;
    const plan = planResource(change({ ...rest, displayname: 'Room One' }), stored);
    const fields = { ...stored.fields, displayname: 'Room One', description: '' };
    expect(plan).toEqual({
      ops: [
        {
          type: 'resource',
          op: 'change',
          contextId: 10,
          oxId: 4,
          diff: { displayname: 'Room One', description: '' },
          next: { ...stored, fields },
          recreate: { type: 'resource', op: 'create', contextId: 10, fields },
        },
      ],
      state: { ...stored, fields },
    });
  });

  it('a move creates in the new context, then deletes in the old one', () => {
    const plan = planResource(change({ ...room, oxContext: '20' }), stored);
    expect(plan).toEqual({
      ops: [
        { type: 'resource', op: 'create', contextId: 20, fields: stored.fields },
        { type: 'resource', op: 'delete', resource: stored },
      ],
      state: null,
    });
  });

  it('a deleted resource is deleted; one never provisioned costs nothing', () => {
    expect(planResource(change(null), stored)).toEqual({
      ops: [{ type: 'resource', op: 'delete', resource: stored }],
      state: null,
    });
    expect(planResource(change(null), undefined)).toEqual({ ops: [], state: null });
  });

  it('without oxContext it is skipped with a warning; without name or address it is parked', () => {
    const { oxContext: _none, ...noContext } = room;
    const plan = planResource(change(noContext), stored);
    expect(plan).toMatchObject({ skip: true, notes: [{ level: 'warning' }] });
    const { resourceMailAddress: _noMail, ...noMail } = room;
    expect(() => planResource(change(noMail), stored)).toThrow(PermanentError);
    expect(() => planResource(change({ ...room, name: '' }), undefined)).toThrow(/has no name/);
  });
});
