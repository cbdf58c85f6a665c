// OXUtilService registrations: what register/change/unregister leave in the emulator's lists of servers,
// databases and filestores (clients only read them back, so the lists must tell the truth).
import { describe, expect, it } from 'vitest';
import { MASTER, expectFault, newModel } from './helpers.js';

type Obj = Record<string, unknown>;

describe('OXUtilService registrations', () => {
  it('a database: next free id, never its password, changed fields only, gone after unregister', () => {
    const model = newModel();
    const util = (op: string, args: Obj) => model.handle('OXUtilService', op, { ...args, auth: MASTER });
    const db = util('registerDatabase', { db: { name: 'db2', password: 'db-secret', maxUnits: 10 } }) as Obj;
    expect(db).toMatchObject({ id: 5, name: 'db2', maxUnits: 10 });
    expect(db).not.toHaveProperty('password');

    util('changeDatabase', { db: { id: 5, maxUnits: 20, name: null } });
    const listed = util('listAllDatabase', {}) as Obj[];
    expect(listed.map((d) => d.id)).toEqual([4, 5]);
    expect(listed[1]).toMatchObject({ name: 'db2', maxUnits: 20 });
    expect(JSON.stringify(listed)).not.toContain('db-secret');

    util('unregisterDatabase', { dbhandle: { id: 5 } });
    expect((util('listAllDatabase', {}) as Obj[]).map((d) => d.id)).toEqual([4]);
  });

  it('a filestore and a server follow the same rules; a server needs a name', () => {
    const model = newModel();
    const util = (op: string, args: Obj) => model.handle('OXUtilService', op, { ...args, auth: MASTER });
    const fs = util('registerFilestore', { fstore: { url: 'file:/tmp/fs2', size: 10 } }) as Obj;
    expect(fs).toEqual({ url: 'file:/tmp/fs2', size: 10, id: 2 });
    util('changeFilestore', { fstore: { id: 2, size: 20, url: undefined } });
    expect((util('listAllFilestore', {}) as Obj[])[1]).toEqual({ url: 'file:/tmp/fs2', size: 20, id: 2 });
    util('unregisterFilestore', { store: { id: 2 } });
    expect((util('listAllFilestore', {}) as Obj[]).map((f) => f.id)).toEqual([1]);

    expect(util('registerServer', { srv: { name: 'second' } })).toEqual({ name: 'second', id: 2 });
    util('unregisterServer', { serv: { id: 2 } });
    expect(util('listAllServer', {})).toEqual([{ id: 1, name: 'oxserver' }]);
    expectFault(() => util('registerServer', { srv: {} }), 'InvalidDataException', /Invalid server name/);
  });
});
