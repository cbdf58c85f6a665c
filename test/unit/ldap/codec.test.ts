// BER, LDAP message and RFC 4533 codec, checked against hand-assembled bytes.
import { describe, expect, it } from 'vitest';
import { children, decodeOne, integer, readInteger, readTlv } from '../../../src/sources/ldap/ber.js';
import { encodeFilter } from '../../../src/sources/ldap/filter.js';
import { bindRequest, decodeMessage, encodeMessage, searchRequest } from '../../../src/sources/ldap/protocol.js';
import {
  decodeSyncDone,
  decodeSyncInfo,
  decodeSyncState,
  syncRequestControl,
} from '../../../src/sources/ldap/sync-protocol.js';

const hex = (text: string) => Buffer.from(text.replace(/\s+/g, ''), 'hex');
const UUID_HEX = '0c1f7a5e2d10103f8f5a6f1e0e3b2a11';
const UUID = '0c1f7a5e-2d10-103f-8f5a-6f1e0e3b2a11';

describe('BER', () => {
  it.each([
    [0, '020100'],
    [127, '02017f'],
    [128, '02020080'],
    [256, '02020100'],
    [-1, '0201ff'],
    [-129, '0202ff7f'],
    [4096, '02021000'],
  ])('encodes and decodes the integer %d', (value, bytes) => {
    expect(integer(value).toString('hex')).toBe(bytes);
    expect(readInteger(decodeOne(hex(bytes)).value)).toBe(value);
  });

  it('frames long lengths and waits for missing bytes', () => {
    const long = Buffer.concat([hex('04 81 80'), Buffer.alloc(128, 0x61)]);
    expect(readTlv(long)?.tlv.value.length).toBe(128);
    expect(readTlv(long.subarray(0, 100))).toBeNull();
    expect(readTlv(hex('04'))).toBeNull();
    expect(() => readTlv(hex('04 80 00 00'))).toThrow(/indefinite/);
  });
});

describe('LDAP messages', () => {
  it('encodes an anonymous simple bind as RFC 4511 bytes', () => {
    expect(encodeMessage(1, bindRequest('', '')).toString('hex')).toBe('300c020101600702010304008000');
  });

  it('encodes filters', () => {
    expect(encodeFilter('(uid=alice)').toString('hex')).toBe(
      hex('a3 0c 04 03 756964 04 05 616c696365').toString('hex'),
    );
    expect(encodeFilter('uid=*').toString('hex')).toBe('8703756964');
    expect(encodeFilter('(&(a=1)(!(b>=2)))').toString('hex')).toBe(
      hex('a0 12 a3 06 0401 61 0401 31 a2 08 a5 06 0401 62 0401 32').toString('hex'),
    );
    expect(encodeFilter('(cn=a*b*c)').toString('hex')).toBe(
      hex('a4 0f 0402 636e 30 09 8001 61 8101 62 8201 63').toString('hex'),
    );
    expect(encodeFilter('(cn=\\28x\\29)').toString('hex')).toBe(hex('a3 09 0402 636e 0403 287829').toString('hex'));
    expect(() => encodeFilter('(uid=alice')).toThrow(/position/);
    expect(() => encodeFilter('(cn:dn:=x)')).toThrow(/extensible/);
  });

  it('encodes a search request with the sync request control', () => {
    const control = syncRequestControl('refreshAndPersist', Buffer.from('rid=000,csn=1'));
    expect(control.value!.toString('hex')).toBe(hex('30 12 0a0103 040d 7269643d3030302c63736e3d31').toString('hex'));
    const message = decodeOne(
      encodeMessage(2, searchRequest({ base: 'dc=x', scope: 'sub', filter: '(uid=*)', attributes: ['*'] }), [control]),
    );
    const [, op, controls] = children(message.value);
    expect(op.tag).toBe(0x63);
    expect(controls.tag).toBe(0xa0);
    const [oid, critical] = children(children(controls.value)[0].value);
    expect(oid.value.toString()).toBe('1.3.6.1.4.1.4203.1.9.1.1');
    expect(critical.value[0]).toBe(0xff);
  });

  it('decodes a SearchResultEntry with a Sync State control', () => {
    const state = hex(`30 1d 0a0101 0410 ${UUID_HEX} 0406 636f6f6b6965`);
    const attributes = hex('30 0e 30 0c 0403 756964 3105 0403 626f62');
    const dn = hex('0408 7569643d626f622c');
    const op = Buffer.concat([Buffer.from([0x64, dn.length + attributes.length]), dn, attributes]);
    const controlValue = Buffer.concat([Buffer.from([0x04, state.length]), state]);
    const oid = Buffer.from('1.3.6.1.4.1.4203.1.9.1.2');
    const control = Buffer.concat([
      Buffer.from([0x30, 2 + oid.length + controlValue.length, 0x04, oid.length]),
      oid,
      controlValue,
    ]);
    const controls = Buffer.concat([Buffer.from([0xa0, control.length]), control]);
    const body = Buffer.concat([hex('020105'), op, controls]);
    const message = decodeMessage(Buffer.concat([Buffer.from([0x30, body.length]), body]));
    expect(message.messageId).toBe(5);
    expect(message.op).toMatchObject({ kind: 'searchResultEntry', dn: 'uid=bob,' });
    if (message.op.kind !== 'searchResultEntry') throw new Error('unreachable');
    expect(message.op.attributes[0].type).toBe('uid');
    expect(message.op.attributes[0].values[0].toString()).toBe('bob');
    expect(decodeSyncState(message.controls[0].value!)).toEqual({
      state: 'add',
      entryUUID: UUID,
      cookie: Buffer.from('cookie'),
    });
  });

  it('decodes SearchResultDone, IntermediateResponse and e-syncRefreshRequired', () => {
    const done = decodeMessage(hex('30 0d 020107 65 08 0a020fff 0400 0400'));
    expect(done.op).toEqual({
      kind: 'searchResultDone',
      result: { resultCode: 4095, matchedDN: '', diagnosticMessage: '' },
    });
    const refresh = decodeMessage(hex('30 0d 020107 65 08 0a021000 0400 0400'));
    expect(refresh.op.kind === 'searchResultDone' && refresh.op.result.resultCode).toBe(4096);
    const oid = Buffer.from('1.3.6.1.4.1.4203.1.9.1.4');
    const body = Buffer.concat([Buffer.from([0x80, oid.length]), oid, hex('81 02 a100')]);
    const message = decodeMessage(
      Buffer.concat([
        hex('30'),
        Buffer.from([3 + 2 + body.length]),
        hex('020103'),
        Buffer.from([0x79, body.length]),
        body,
      ]),
    );
    expect(message.op).toMatchObject({ kind: 'intermediateResponse', name: '1.3.6.1.4.1.4203.1.9.1.4' });
    if (message.op.kind !== 'intermediateResponse') throw new Error('unreachable');
    expect(decodeSyncInfo(message.op.value!)).toEqual({ kind: 'refreshDelete', cookie: undefined, refreshDone: true });
  });
});

describe('RFC 4533 Sync Info and Sync Done', () => {
  it('decodes newcookie, refreshPresent and syncIdSet', () => {
    expect(decodeSyncInfo(hex('80 03 616263'))).toEqual({ kind: 'newcookie', cookie: Buffer.from('abc') });
    expect(decodeSyncInfo(hex('a2 08 0403 616263 010100'))).toEqual({
      kind: 'refreshPresent',
      cookie: Buffer.from('abc'),
      refreshDone: false,
    });
    expect(decodeSyncInfo(hex(`a3 1c 0403 616263 0101ff 3112 0410 ${UUID_HEX}`))).toEqual({
      kind: 'syncIdSet',
      cookie: Buffer.from('abc'),
      refreshDeletes: true,
      uuids: [UUID],
    });
    expect(decodeSyncInfo(hex(`a3 14 3112 0410 ${UUID_HEX}`))).toEqual({
      kind: 'syncIdSet',
      cookie: undefined,
      refreshDeletes: false,
      uuids: [UUID],
    });
  });

  it('decodes the Sync Done control with its defaults', () => {
    expect(decodeSyncDone(hex('3000'))).toEqual({ refreshDeletes: false });
    expect(decodeSyncDone(hex('30 08 0403 616263 0101ff'))).toEqual({
      cookie: Buffer.from('abc'),
      refreshDeletes: true,
    });
  });

  it('rejects malformed values', () => {
    expect(() => decodeSyncState(hex('30 06 0a0101 0401 00'))).toThrow(/16 bytes/);
    expect(() => decodeSyncInfo(hex('84 00'))).toThrow(/unknown Sync Info/);
  });
});
