// A read-only reader of GNU dbm files (the Python connector's listener/old.db and meta.db), so a migration needs
// no native module. It walks the bucket directory and reads every element's key and value; it never writes.
//
// On-disk layout (gdbm's documented file format, native byte order, C struct alignment):
//   header:  int32 magic, int32 block_size, off_t dir, int32 dir_size, int32 dir_bits, int32 bucket_size,
//            int32 bucket_elems, off_t next_block, … (avail table, not needed for reading)
//   directory at `dir`: dir_size / sizeof(off_t) bucket offsets (several entries may name the same bucket)
//   bucket:  int32 av_count, 6 × {int32 av_size, off_t av_adr}, int32 bucket_bits, int32 count,
//            bucket_elems × {int32 hash_value (-1 = empty slot), char key_start[4], off_t data_pointer,
//                            int32 key_size, int32 data_size}
//   a record at data_pointer: key bytes immediately followed by value bytes.
// off_t is 8 bytes in the "64" formats and 4 bytes in the "32" ones; the magic says which, and whether the file
// was written on a machine of the other byte order. The numsync variants (gdbm ≥ 1.21) only add header fields.
import { readFileSync } from 'node:fs';

const MAGICS: Record<number, { offT: 4 | 8 }> = {
  0x13579acd: { offT: 4 }, // GDBM_MAGIC32
  0x13579acf: { offT: 8 }, // GDBM_MAGIC64
  0x13579ad0: { offT: 4 }, // numsync, 32-bit off_t
  0x13579ad1: { offT: 8 }, // numsync, 64-bit off_t
};
const OLD_MAGIC = 0x13579ace; // gdbm < 1.9: off_t as the platform had it; we try 64-bit first (what UCS used)
const BUCKET_AVAIL = 6;
const SMALL = 4;

export class GdbmFormatError extends Error {
  override name = 'GdbmFormatError';
}

interface Layout {
  little: boolean;
  offT: 4 | 8;
}

function detectLayout(buf: Buffer, path: string): Layout {
  if (buf.length < 32) throw new GdbmFormatError(`${path} is too short to be a gdbm file (${buf.length} bytes).`);
  for (const little of [true, false]) {
    const magic = little ? buf.readUInt32LE(0) : buf.readUInt32BE(0);
    if (MAGICS[magic]) return { little, offT: MAGICS[magic].offT };
    if (magic === OLD_MAGIC) return { little, offT: 8 };
  }
  throw new GdbmFormatError(
    `${path} is not a GNU dbm file (magic 0x${buf.readUInt32LE(0).toString(16)}); if it is a Berkeley DB or ndbm file, convert it with the tool that wrote it.`,
  );
}

class Cursor {
  constructor(
    private readonly buf: Buffer,
    private readonly layout: Layout,
    private readonly path: string,
  ) {}

  private check(at: number, size: number): void {
    if (at < 0 || at + size > this.buf.length) {
      throw new GdbmFormatError(
        `${this.path} is truncated or damaged: read of ${size} bytes at offset ${at} beyond its ${this.buf.length} bytes.`,
      );
    }
  }

  int32(at: number): number {
    this.check(at, 4);
    return this.layout.little ? this.buf.readInt32LE(at) : this.buf.readInt32BE(at);
  }

  offT(at: number): number {
    this.check(at, this.layout.offT);
    if (this.layout.offT === 4) return this.layout.little ? this.buf.readUInt32LE(at) : this.buf.readUInt32BE(at);
    const big = this.layout.little ? this.buf.readBigInt64LE(at) : this.buf.readBigInt64BE(at);
    return Number(big);
  }

  bytes(at: number, size: number): Buffer {
    this.check(at, size);
    return this.buf.subarray(at, at + size);
  }
}

/** Rounds up to the alignment of off_t, as the C compiler lays the structs out. */
function align(offset: number, to: number): number {
  return Math.ceil(offset / to) * to;
}

/** Every key → value pair of a gdbm file, as raw bytes. */
export function readGdbmEntries(path: string): { key: Buffer; value: Buffer }[] {
  const buf = readFileSync(path);
  const layout = detectLayout(buf, path);
  const c = new Cursor(buf, layout, path);
  const o = layout.offT;
  // Header: magic, block_size, [pad], dir, dir_size, dir_bits, bucket_size, bucket_elems.
  const dirAt = align(8, o);
  const dir = c.offT(dirAt);
  const dirSize = c.int32(dirAt + o);
  const bucketElems = c.int32(dirAt + o + 12);
  if (dirSize <= 0 || dirSize % o !== 0 || bucketElems <= 0) {
    throw new GdbmFormatError(`${path} has an invalid gdbm header (directory size ${dirSize}, ${bucketElems} slots).`);
  }

  const availElem = align(4 + o, o); // {int32 av_size; off_t av_adr}
  const tableAt = align(align(4, o) + BUCKET_AVAIL * availElem + 8, o); // av_count, avail[], bucket_bits, count
  const elemSize = align(4 + SMALL + o + 8, o); // hash_value, key_start, data_pointer, key_size, data_size

  const buckets = new Set<number>();
  for (let i = 0; i < dirSize / o; i++) buckets.add(c.offT(dir + i * o));

  const entries: { key: Buffer; value: Buffer }[] = [];
  for (const bucket of [...buckets].sort((a, b) => a - b)) {
    for (let slot = 0; slot < bucketElems; slot++) {
      const at = bucket + tableAt + slot * elemSize;
      if (c.int32(at) === -1) continue; // empty slot
      const pointer = c.offT(at + 4 + SMALL);
      const keySize = c.int32(at + 4 + SMALL + o);
      const dataSize = c.int32(at + 4 + SMALL + o + 4);
      if (keySize < 0 || dataSize < 0) {
        throw new GdbmFormatError(`${path} is damaged: negative record size in the bucket at offset ${bucket}.`);
      }
      entries.push({
        key: Buffer.from(c.bytes(pointer, keySize)),
        value: Buffer.from(c.bytes(pointer + keySize, dataSize)),
      });
    }
  }
  return entries;
}

/** A gdbm file whose keys and values are UTF-8 text (old.db: DN → old-file path; meta.db: errors/filename/message). */
export function readGdbmStrings(path: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const { key, value } of readGdbmEntries(path)) out.set(key.toString('utf8'), value.toString('utf8'));
  return out;
}
