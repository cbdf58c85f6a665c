// The executor's fallbacks against the in-memory fake OX: no emulator, database or network. Each fallback is
// written once (executor/fallbacks.ts); these cases go through the user executor.
import { beforeEach, describe, expect, it } from 'vitest';
import type { ChangeRecord } from '../../../src/model/change.js';
import type { Owner } from '../../../src/state/ownership.js';
import { execute } from '../../../src/provisioning/executor/execute.js';
import type { ExecutionContext } from '../../../src/provisioning/executor/operations.js';
import type { UserCreate, UserReplanner } from '../../../src/provisioning/executor/users.js';
import { PermanentError, type ProvisioningEnv } from '../../../src/provisioning/types.js';
import type { UserOxState } from '../../../src/provisioning/users/plan.js';
import { FakeOx } from '../../helpers/fake-ox.js';

const change = { objectId: 'u1', udmType: 'users/user', dn: 'uid=alice,dc=x', attributes: {} } as ChangeRecord;
const other: Owner = { objectId: 'u2', udmType: 'users/user', dn: 'uid=alice2,dc=x' };

let ox: FakeOx;
let lines: string[];
let owner: Owner | undefined;
let replanned: { base: UserOxState; current: unknown }[];

function context(): ExecutionContext {
  const log = (message: string) => void lines.push(message);
  const env = {
    ox,
    log: { trace: log, debug: log, info: log, warning: log, error: log, critical: log },
    credentials: { context: () => ({ adminuser: 'oxadmin', adminpass: 'x' }), path: 'creds' },
    store: {
      ownership: { claim: () => undefined, releaseClaim: () => undefined, storedOwner: () => owner },
    },
  } as unknown as ProvisioningEnv;
  const replanUser: UserReplanner = async (base, current) => {
    replanned.push({ base, current });
    const next = { ...base, oxName: 'alice', fields: { name: 'alice', given_name: 'Alice' } };
    return {
      ops: [
        {
          type: 'user',
          op: 'change',
          contextId: base.contextId,
          oxId: base.oxId,
          name: 'alice',
          from: { oxName: 'alice', contextId: base.contextId },
          usrdata: { given_name: 'Alice' },
          next,
          recreate: create,
        },
      ],
      state: next,
    };
  };
  return { env, change, replanUser };
}

const create: UserCreate = {
  type: 'user',
  op: 'create',
  contextId: 10,
  name: 'alice',
  usrdata: { name: 'alice', display_name: 'alice' },
  access: null,
  fields: { name: 'alice', display_name: 'alice' },
};

beforeEach(async () => {
  ox = new FakeOx();
  lines = [];
  owner = undefined;
  replanned = [];
  await ox.call('OXContextService', 'create', { ctx: { id: 10 }, admin_user: { name: 'oxadmin' } });
});

describe('executor fallbacks', () => {
  it('create → "already exists" → looked up by name → planned again against that record → changed', async () => {
    await ox.call('OXUserService', 'create', { ctx: { id: 10 }, usrdata: { name: 'alice' } });
    ox.calls = [];
    const [outcome] = await execute([create], context());
    expect(ox.calls).toEqual(['OXUserService.create', 'OXUserService.getData', 'OXUserService.change']);
    expect(replanned).toEqual([
      {
        base: { contextId: 10, oxId: 3, oxName: 'alice', fields: {}, access: null },
        current: expect.objectContaining({ id: 3, name: 'alice' }),
      },
    ]);
    expect(outcome).toMatchObject({ type: 'user', state: { contextId: 10, oxId: 3, oxName: 'alice' } });
  });

  it('an OX user another stored object owns is not adopted: the object is parked', async () => {
    await ox.call('OXUserService', 'create', { ctx: { id: 10 }, usrdata: { name: 'alice' } });
    owner = other;
    await expect(execute([create], context())).rejects.toThrow(PermanentError);
    expect(replanned).toEqual([]);
  });

  it('change → "not found" → created again', async () => {
    const next = { contextId: 10, oxId: 99, oxName: 'alice', fields: {}, access: null };
    const [outcome] = await execute(
      [
        {
          type: 'user',
          op: 'change',
          contextId: 10,
          oxId: 99,
          name: 'alice',
          from: { oxName: 'alice', contextId: 10 },
          usrdata: { given_name: 'A' },
          next,
          recreate: create,
        },
      ],
      context(),
    );
    expect(ox.calls.slice(1)).toEqual(['OXUserService.change', 'OXUserService.create']);
    expect(outcome).toMatchObject({ state: { contextId: 10, oxId: 3, oxName: 'alice' } });
    expect(lines).toContain('Cannot modify users/user uid=alice,dc=x (id u1). User not found in db. Creating instead.');
  });

  it('delete → "not found" counts as done; a user another stored object owns is kept', async () => {
    const user = { contextId: 10, oxId: 42, oxName: 'alice' };
    await expect(execute([{ type: 'user', op: 'delete', user }], context())).resolves.toEqual([
      { type: 'user', forgetOxIds: [] },
    ]);
    expect(lines).toContain('users/user uid=alice,dc=x (id u1) does not exist in context 10. Doing nothing...');
    owner = other;
    ox.calls = [];
    await execute([{ type: 'user', op: 'delete', user: { ...user, oxId: 2 } }], context());
    expect(ox.calls).toEqual([]);
    expect(ox.usersIn(10).map((u) => u.id)).toContain(2);
  });
});
