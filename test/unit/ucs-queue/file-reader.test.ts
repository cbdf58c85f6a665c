import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ReusableFileReader } from '../../../src/sources/ucs-queue/file-reader.js';
import { UcsQueueDir } from '../../../src/sources/ucs-queue/queue-dir.js';

const tempDir = () => mkdtempSync(join(tmpdir(), 'oxc-reader-'));

describe('ReusableFileReader', () => {
  it('reads files of any size exactly, one after another with the same buffer', () => {
    const dir = tempDir();
    const reader = new ReusableFileReader();
    // Empty, small, exactly the initial buffer, larger than it, multi-byte characters across a boundary, small again.
    const texts = ['', '{"a":1}', 'x'.repeat(64 * 1024), 'y'.repeat(200_000), `${'z'.repeat(65_535)}äöü€`, 'ok'];
    texts.forEach((text, i) => writeFileSync(join(dir, `${i}.json`), text));
    texts.forEach((text, i) => {
      const path = join(dir, `${i}.json`);
      expect(reader.readText(path)).toBe(readFileSync(path, 'utf8'));
      expect(reader.readText(path)).toBe(text);
    });
  });

  it('throws ENOENT for a file that is gone', () => {
    expect(() => new ReusableFileReader().readText(join(tmpdir(), 'oxc-no-such-file.json'))).toThrow(
      expect.objectContaining({ code: 'ENOENT' }),
    );
  });
});

// Issue 14 item 8: only regular files, never through a link, never more than the limit; item 12: UTF-8 or an error.
describe('ReusableFileReader refuses what is not a queue file (decision 0220)', () => {
  it('a symbolic link is reported, not followed — not even to a readable file', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'target.txt'), 'root:TOP-SECRET-HASH:19000:0:99999:7:::\n');
    symlinkSync(join(dir, 'target.txt'), join(dir, 'link.json'));
    const read = () => new ReusableFileReader().readText(join(dir, 'link.json'));
    expect(read).toThrow(/link\.json is a symbolic link; the connector does not read it .*remove it/);
    expect(read).not.toThrow(/TOP-SECRET/);
  });

  it('a link to /dev/zero is refused at once, and the next file reads normally', () => {
    const dir = tempDir();
    symlinkSync('/dev/zero', join(dir, 'zero.json'));
    writeFileSync(join(dir, 'next.json'), '{"a":1}');
    const reader = new ReusableFileReader();
    expect(() => reader.readText(join(dir, 'zero.json'))).toThrow(/symbolic link/);
    expect(reader.readText(join(dir, 'next.json'))).toBe('{"a":1}');
  });

  it('a FIFO is refused without waiting for a writer', () => {
    const dir = tempDir();
    const fifo = join(dir, 'pipe.json');
    // A child process: on a reader that blocks, the test fails by its own timeout instead of hanging the run.
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const script = `
      import { ReusableFileReader } from ${JSON.stringify(new URL('../../../src/sources/ucs-queue/file-reader.ts', import.meta.url).pathname)};
      try { new ReusableFileReader().readText(${JSON.stringify(fifo)}); console.log('read'); }
      catch (err) { console.log(err.message); }`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.signal, 'the reader blocked on the FIFO').toBeNull();
    expect(r.stdout).toMatch(/pipe\.json is a FIFO \(named pipe\); the connector does not read it/);
  });

  it('a directory named *.json is refused', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'x.json'));
    expect(() => new ReusableFileReader().readText(join(dir, 'x.json'))).toThrow(/x\.json is a directory/);
  });

  it('a file over the limit is refused unread, says which setting to raise, and the next file reads normally', () => {
    const dir = tempDir();
    // Sparse: 1 GiB that takes no disk; read, it would take 1 GiB of memory.
    writeFileSync(join(dir, 'huge.json'), '');
    truncateSync(join(dir, 'huge.json'), 1024 * 1024 * 1024);
    writeFileSync(join(dir, 'limit.json'), 'a'.repeat(100_000));
    writeFileSync(join(dir, 'next.json'), '{"b":2}');
    const reader = new ReusableFileReader(100_000);
    expect(() => reader.readText(join(dir, 'huge.json'))).toThrow(
      /huge\.json is 1073741824 bytes, more than OX_CONNECTOR_MAX_QUEUE_FILE_SIZE \(100000 bytes\).*raise the setting/,
    );
    expect(reader.readText(join(dir, 'limit.json'))).toHaveLength(100_000);
    expect(reader.readText(join(dir, 'next.json'))).toBe('{"b":2}');
    expect(reader.lastBytes).toBe(7);
  });

  it('invalid UTF-8 is an error naming the file, not replaced by U+FFFD', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'latin1.json'), Buffer.from('{"name": "M\xfcller"}', 'latin1'));
    expect(() => new ReusableFileReader().readText(join(dir, 'latin1.json'))).toThrow(
      /latin1\.json is not valid UTF-8 text; fix or remove it/,
    );
  });
});

describe('UcsQueueDir: the engine and the tools meet bad files alike', () => {
  it('scan() and read() report every kind of bad file and still return the good ones', () => {
    const data = tempDir();
    const queue = new UcsQueueDir(data, 4096);
    const file = (name: string) => join(queue.dir, name);
    const good = (id: string) =>
      JSON.stringify({ id, dn: `uid=${id},dc=x`, udm_object_type: 'users/user', object: {} });
    writeFileSync(file('1.json'), good('a'));
    symlinkSync('/dev/zero', file('2.json'));
    mkdirSync(file('3.json'));
    writeFileSync(file('4.json'), 'x'.repeat(5000));
    writeFileSync(
      file('5.json'),
      Buffer.from(`{"id":"b","dn":"uid=b,dc=x","udm_object_type":"users/user","object":{"sn":"\xff"}}`, 'latin1'),
    );
    writeFileSync(file('6.json'), 'root:SECRET-6:1:2:3\n');
    writeFileSync(file('7.json'), good('c'));
    const { records, malformed } = queue.scan();
    expect(records.map((r) => r.objectId)).toEqual(['a', 'c']);
    expect(malformed.map((m) => m.error)).toEqual([
      expect.stringMatching(/2\.json is a symbolic link/),
      expect.stringMatching(/3\.json is a directory/),
      expect.stringMatching(/4\.json is 5000 bytes, more than OX_CONNECTOR_MAX_QUEUE_FILE_SIZE \(4096 bytes\)/),
      expect.stringMatching(/5\.json is not valid UTF-8/),
      expect.stringMatching(/6\.json is not valid JSON \(unexpected character at line 1, column 1\); fix or remove it/),
    ]);
    expect(JSON.stringify(malformed)).not.toContain('SECRET');
    expect(queue.read(file('7.json'))?.objectId).toBe('c');
  });
});
