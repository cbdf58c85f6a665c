// The context planner: plain objects in, operations out (no emulator, database or network).
import { describe, expect, it } from 'vitest';
import { desiredContext, planContext } from '../../../src/provisioning/contexts/plan.js';

const stored = { contextId: 10, maxQuota: 1000, name: 'ctx' };

describe('context planning', () => {
  it('reads the directory object: quota 0 or none is unlimited, no name is context<id>', () => {
    expect(desiredContext({ contextid: '10', oxQuota: '1000', name: 'ctx' }, 'C')).toEqual(stored);
    expect(desiredContext({ contextid: 11, oxQuota: '0' }, 'C')).toEqual({
      contextId: 11,
      maxQuota: -1,
      name: 'context11',
    });
    expect(desiredContext({ contextid: '12' }, 'C').maxQuota).toBe(-1);
  });

  it('a contextid that is no positive integer is an error naming the value', () => {
    for (const contextid of ['0', '-3', 'ten', undefined]) {
      expect(() => desiredContext({ contextid }, 'oxmail/oxcontext cn=c')).toThrow(
        /Cannot provision oxmail\/oxcontext cn=c: contextid .* is not a positive integer; correct the context object/,
      );
    }
  });

  it('creates (or adopts) a context not provisioned before', () => {
    expect(planContext(stored, undefined, undefined)).toEqual([
      { type: 'context', op: 'create', contextId: 10, name: 'ctx', maxQuota: 1000 },
    ]);
  });

  it('a new contextid on a provisioned object is a create of the new one, nothing deleted', () => {
    expect(planContext({ ...stored, contextId: 11 }, stored, 10)).toEqual([
      { type: 'context', op: 'create', contextId: 11, name: 'ctx', maxQuota: 1000 },
    ]);
  });

  it('unchanged: no operation', () => {
    expect(planContext({ ...stored }, stored, 10)).toEqual([]);
  });

  it('a rename or a quota change is one change carrying both, with what the store held', () => {
    const previous = { name: 'ctx', maxQuota: 1000 };
    expect(planContext({ ...stored, name: 'new' }, stored, 10)).toEqual([
      { type: 'context', op: 'change', contextId: 10, name: 'new', maxQuota: 1000, previous },
    ]);
    expect(planContext({ ...stored, maxQuota: -1 }, stored, 10)).toEqual([
      { type: 'context', op: 'change', contextId: 10, name: 'ctx', maxQuota: -1, previous },
    ]);
  });

  it('a deleted object deletes the context it stood for; one that never named a context: nothing', () => {
    expect(planContext(null, stored, 10)).toEqual([{ type: 'context', op: 'delete', contextId: 10 }]);
    expect(planContext(null, undefined, undefined)).toEqual([]);
  });
});
