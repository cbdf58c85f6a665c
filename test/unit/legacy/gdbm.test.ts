// The gdbm reader against files written by the real GNU dbm library (through python3's dbm.gnu, only to create
// fixtures). Without python3-gdbm these tests are skipped with a message saying what to install.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GdbmFormatError, readGdbmEntries, readGdbmStrings } from '../../../src/sources/legacy/gdbm.js';
import { pythonWith } from '../../helpers/python.js';

const python = pythonWith('dbm.gnu');
if (!python) console.warn('gdbm reader tests skipped: install python3-gdbm (Debian) to create gdbm fixtures');

const dir = mkdtempSync(join(tmpdir(), 'gdbm-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes a gdbm file with python's dbm.gnu: `ops` is a list of [key, value|null] (null deletes). */
function makeGdbm(name: string, ops: [string, string | null][], flags = 'n'): string {
  const path = join(dir, name);
  const script = `
import dbm.gnu, json, sys
ops = json.load(sys.stdin)
d = dbm.gnu.open(sys.argv[1], sys.argv[2])
for k, v in ops:
    if v is None:
        del d[k.encode()]
    else:
        d[k.encode()] = v.encode()
d.close()
`;
  execFileSync(python!, ['-c', script, path, flags], { input: JSON.stringify(ops) });
  return path;
}

describe.skipIf(!python)('gdbm reader', () => {
  it('reads a small file exactly', () => {
    const path = makeGdbm('small.db', [
      [
        'uid=anna,cn=users,dc=example,dc=org',
        '/var/lib/univention-appcenter/apps/ox-connector/data/listener/old/a.json',
      ],
      ['cn=Gruppe Ä,cn=groups,dc=example,dc=org', '/x/old/b.json'],
    ]);
    const map = readGdbmStrings(path);
    expect(map.size).toBe(2);
    expect(map.get('uid=anna,cn=users,dc=example,dc=org')).toMatch(/old\/a\.json$/);
    expect(map.get('cn=Gruppe Ä,cn=groups,dc=example,dc=org')).toBe('/x/old/b.json');
  });

  it('reads thousands of keys across split buckets, without deleted ones, and replaced values once', () => {
    const ops: [string, string | null][] = [];
    for (let i = 0; i < 5000; i++) ops.push([`uid=user${i},cn=users,dc=example,dc=org`, `/old/${i}.json`]);
    for (let i = 0; i < 5000; i += 7) ops.push([`uid=user${i},cn=users,dc=example,dc=org`, null]);
    for (let i = 1; i < 5000; i += 7) ops.push([`uid=user${i},cn=users,dc=example,dc=org`, `/old/${i}-moved.json`]);
    const map = readGdbmStrings(makeGdbm('big.db', ops));
    const expected = new Map<string, string>();
    for (const [k, v] of ops) {
      if (v === null) expected.delete(k);
      else expected.set(k, v);
    }
    expect(map.size).toBe(expected.size);
    expect(map).toEqual(expected);
  });

  it('reads an empty file and one written with the synchronous flag', () => {
    expect(readGdbmEntries(makeGdbm('empty.db', []))).toEqual([]);
    const map = readGdbmStrings(
      makeGdbm(
        'sync.db',
        [
          ['errors', '3'],
          ['message', 'boom'],
        ],
        'nf',
      ),
    );
    expect(Object.fromEntries(map)).toEqual({ errors: '3', message: 'boom' });
  });
});

describe('gdbm reader errors', () => {
  it('names the file and what is wrong for a non-gdbm file', () => {
    const path = join(dir, 'not-gdbm.db');
    writeFileSync(path, Buffer.alloc(4096, 7));
    expect(() => readGdbmEntries(path)).toThrow(GdbmFormatError);
    expect(() => readGdbmEntries(path)).toThrow(/not-gdbm\.db is not a GNU dbm file/);
  });

  it.skipIf(!python)('reports a truncated file instead of reading garbage', () => {
    const ops: [string, string][] = [];
    for (let i = 0; i < 50; i++) ops.push([`k${i}`, `v${i}`]);
    const path = makeGdbm('trunc.db', ops);
    const short = join(dir, 'short.db');
    writeFileSync(short, readFileSync(path).subarray(0, 9000));
    expect(() => readGdbmEntries(short)).toThrow(/truncated or damaged/);
  });
});
