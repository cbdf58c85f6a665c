// Issue 14 item 4: a context whose name alone changes is renamed in OX (end to end against the emulator).
import { describe, expect, it } from 'vitest';
import { contextDn, contextObject, E2E, useE2E } from '../../helpers/e2e.js';
import { contextData } from '../../helpers/ox-read.js';

const e2e = useE2E(1400);

describe('context rename (issue 14 item 4)', () => {
  it('a change of the name alone renames the OX context; quota and id stay', async () => {
    const id = e2e.newContextId();
    const t = new E2E(e2e.emulator, { DEFAULT_CONTEXT: String(id) });
    t.queue(`ctx-${id}`, 'oxmail/oxcontext', contextDn(id), contextObject(id, 500));
    await t.runOk();
    t.queue(`ctx-${id}`, 'oxmail/oxcontext', contextDn(id), { ...contextObject(id, 500), name: 'sales' });
    const out = await t.runOk();
    expect(out).toMatch(new RegExp(`Changed context ${id}.*context${id} -> sales`));
    const ox = t.client();
    const c = await contextData(ox, id);
    expect(c?.name).toBe('sales');
    expect(c?.maxQuota).toBe(500);
    ox.close();
  });

  it('name and quota changed together arrive in OX both', async () => {
    const id = e2e.newContextId();
    const t = new E2E(e2e.emulator, { DEFAULT_CONTEXT: String(id) });
    t.queue(`ctx-${id}`, 'oxmail/oxcontext', contextDn(id), contextObject(id, 500));
    await t.runOk();
    t.queue(`ctx-${id}`, 'oxmail/oxcontext', contextDn(id), { ...contextObject(id, 700), name: 'support' });
    await t.runOk();
    const ox = t.client();
    const c = await contextData(ox, id);
    expect(c?.name).toBe('support');
    expect(c?.maxQuota).toBe(700);
    ox.close();
  });

  it('a rename to a name another context holds is parked with what OX said, and the OX context keeps its name', async () => {
    const first = e2e.newContextId();
    const second = e2e.newContextId();
    const t = new E2E(e2e.emulator, { DEFAULT_CONTEXT: String(first) });
    t.queue(`ctx-${first}`, 'oxmail/oxcontext', contextDn(first), contextObject(first));
    t.queue(`ctx-${second}`, 'oxmail/oxcontext', contextDn(second), contextObject(second));
    await t.runOk();
    t.queue(`ctx-${second}`, 'oxmail/oxcontext', contextDn(second), {
      ...contextObject(second),
      name: `context${first}`,
    });
    const r = await t.run();
    expect(r.code).not.toBe(0);
    expect(r.stdout + r.stderr).toMatch(new RegExp(`Context context${first} already exists`));
    const ox = t.client();
    expect((await contextData(ox, second))?.name).toBe(`context${second}`);
    ox.close();
  });
});
