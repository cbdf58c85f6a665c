// The projection may only save work: decoding a projected answer must give exactly the named members of
// the full decode, and any text it does not fully understand must come back untouched.
import { describe, expect, it } from 'vitest';
import { codec, OxDecodeError } from '../../../src/ox/index.js';
import { projectReturn } from '../../../src/ox/codec/projection.js';
import { fullValue } from './sample-values.js';

const { allServices, complexType, decodeResponse, encodeResponse, encodeFault } = codec;

const singleObjectResponses = [...allServices()]
  .flatMap((s) => [...s.operations.values()])
  .filter((op) => op.response?.typeKey !== undefined && !op.response.many);

function picked(value: unknown, names: readonly string[]): Record<string, unknown> {
  const full = value as Record<string, unknown>;
  return Object.fromEntries(names.filter((n) => n in full).map((n) => [n, full[n]]));
}

function decoded(service: string, operation: string, xml: string, only?: readonly string[]): unknown {
  const result = decodeResponse(service, operation, xml, only);
  if (!result.ok) throw new Error(`unexpected fault ${result.fault.faultString}`);
  return result.value;
}

describe('projectReturn + decodeResponse(only)', () => {
  it('covers some operations (sanity)', () => {
    expect(singleObjectResponses.length).toBeGreaterThan(10);
  });

  for (const op of singleObjectResponses) {
    it(`${op.service}.${op.name}: only the named members, each equal to the full decode`, () => {
      const type = complexType(op.response!.typeKey!);
      const xml = encodeResponse(op.service, op.name, fullValue(type));
      const full = decoded(op.service, op.name, xml);
      const names = type.members.map((m) => m.name);
      // the first, a middle and the last member, and each one alone
      const choices = [[names[0]], [names[Math.floor(names.length / 2)]], [names.at(-1)!], names.slice(0, 3)];
      for (const only of choices) {
        const projected = projectReturn(xml, only);
        expect(projected.length).toBeLessThanOrEqual(xml.length);
        expect(decoded(op.service, op.name, xml, only)).toEqual(picked(full, only));
      }
    });
  }

  const userXml = encodeResponse('OXUserService', 'createByModuleAccess', fullValue(complexType('User')));

  it('a created User: the projected text holds the id element and little else', () => {
    const projected = projectReturn(userXml, ['id']);
    expect(projected.length).toBeLessThan(userXml.length / 3);
    expect(projected).toMatch(/<[\w]+:id>\d+<\/[\w]+:id>/);
    expect(decoded('OXUserService', 'createByModuleAccess', userXml, ['id'])).toEqual({
      id: (decoded('OXUserService', 'createByModuleAccess', userXml) as { id: number }).id,
    });
  });

  it('skips members whose attribute values contain ">" and "/>" and nested objects before the id', () => {
    const xml =
      '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:tns="http://soap.admin.openexchange.com" xmlns:do="http://dataobjects.soap.admin.openexchange.com/xsd">' +
      '<soap:Body><tns:createResponse><tns:return>' +
      '<do:displayname a="x>y" b=\'/>\'>G &gt; H</do:displayname>\n  ' +
      '<do:members>4</do:members><do:members>5</do:members>' +
      '<do:name x="1"/>' +
      '<do:id>42</do:id>' +
      '</tns:return></tns:createResponse></soap:Body></soap:Envelope>';
    expect(projectReturn(xml, ['id'])).toContain('<tns:return><do:id>42</do:id></tns:return>');
    expect(decoded('OXGroupService', 'create', xml, ['id'])).toEqual({ id: 42 });
    expect(decoded('OXGroupService', 'create', xml, ['members', 'id'])).toEqual({ id: 42, members: [4, 5] });
  });

  it('quotes in text and mixed quotes in attributes do not confuse the tag ends', () => {
    const xml =
      '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:tns="http://soap.admin.openexchange.com" xmlns:do="http://dataobjects.soap.admin.openexchange.com/xsd">' +
      '<soap:Body><tns:createResponse><tns:return>' +
      `<do:displayname>O'Brien's "group" > all</do:displayname>` +
      `<do:name a='say "hi" >' b="it's />">x</do:name>` +
      '<do:id>8</do:id>' +
      '</tns:return></tns:createResponse></soap:Body></soap:Envelope>';
    expect(projectReturn(xml, ['id'])).toContain('<tns:return><do:id>8</do:id></tns:return>');
    expect(decoded('OXGroupService', 'create', xml, ['id', 'displayname'])).toEqual({
      id: 8,
      displayname: `O'Brien's "group" > all`,
    });
  });

  it('keeps namespace declarations made on return and on the kept member', () => {
    const xml =
      '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>' +
      '<tns:createResponse xmlns:tns="http://soap.admin.openexchange.com">' +
      '<tns:return xmlns:a="http://dataobjects.soap.admin.openexchange.com/xsd"><a:name>g</a:name>' +
      '<b:id xmlns:b="http://dataobjects.soap.admin.openexchange.com/xsd">7</b:id></tns:return>' +
      '</tns:createResponse></soap:Body></soap:Envelope>';
    expect(decoded('OXGroupService', 'create', xml, ['id'])).toEqual({ id: 7 });
  });

  it('a kept member in the wrong namespace is skipped exactly as in a full decode', () => {
    const xml =
      '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:tns="http://soap.admin.openexchange.com">' +
      '<soap:Body><tns:createResponse><tns:return><tns:id>9</tns:id></tns:return></tns:createResponse></soap:Body></soap:Envelope>';
    expect(decoded('OXGroupService', 'create', xml, ['id'])).toEqual(decoded('OXGroupService', 'create', xml));
    expect(decoded('OXGroupService', 'create', xml, ['id'])).toEqual({});
  });

  const wrap = (inner: string) =>
    '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:tns="http://soap.admin.openexchange.com" xmlns:do="http://dataobjects.soap.admin.openexchange.com/xsd">' +
    `<soap:Body><tns:createResponse>${inner}</tns:createResponse></soap:Body></soap:Envelope>`;

  it.each([
    [
      'a comment inside return',
      '<tns:return><do:name>a</do:name><!-- <do:id>1</do:id> --><do:id>2</do:id></tns:return>',
    ],
    ['CDATA inside a member', '<tns:return><do:name><![CDATA[</do:name>]]></do:name><do:id>2</do:id></tns:return>'],
    ['a processing instruction', '<tns:return><?pi x?><do:id>2</do:id></tns:return>'],
    ['text between members', '<tns:return>text<do:id>2</do:id></tns:return>'],
    ['an unclosed member', '<tns:return><do:name>a<do:id>2</do:id>'],
    ['mismatched end tags', '<tns:return><do:name><x></do:name></x><do:id>2</do:id></tns:return>'],
    ['return closed by another name', '<tns:return><do:id>2</do:id></tns:other>'],
    ['an empty return', '<tns:return></tns:return>'],
    ['a nil return', '<tns:return xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:nil="true"/>'],
    ['no return at all', ''],
  ])('hands the text back untouched: %s', (_, inner) => {
    const xml = wrap(inner);
    expect(projectReturn(xml, ['id'])).toBe(xml);
  });

  it('the cases handed back decode as they would in full (comment, CDATA)', () => {
    for (const inner of [
      '<tns:return><do:name>a</do:name><!-- <do:id>1</do:id> --><do:id>2</do:id></tns:return>',
      '<tns:return><do:name><![CDATA[</do:name>]]></do:name><do:id>2</do:id></tns:return>',
    ]) {
      const xml = wrap(inner);
      expect(decoded('OXGroupService', 'create', xml, ['id'])).toEqual(decoded('OXGroupService', 'create', xml));
      expect(decoded('OXGroupService', 'create', xml, ['id'])).toMatchObject({ id: 2 });
    }
  });

  it('a fault still decodes as the fault', () => {
    const xml = encodeFault({
      faultCode: 'soap:Server',
      faultString: 'Group g already exists',
      exceptionName: 'StorageException',
      serviceNs: 'tns',
    });
    const result = decodeResponse('OXGroupService', 'create', xml, ['id']);
    expect(result).toMatchObject({ ok: false, fault: { faultString: 'Group g already exists' } });
  });

  it('a DOCTYPE is still refused', () => {
    const xml = `<!DOCTYPE x [<!ENTITY e "zz">]>${wrap('<tns:return><do:id>2</do:id></tns:return>')}`;
    expect(() => decodeResponse('OXGroupService', 'create', xml, ['id'])).toThrow(OxDecodeError);
  });

  it('list responses and simple returns are decoded in full', () => {
    const groups = [fullValue(complexType('Group')), fullValue(complexType('Group'))];
    const xml = encodeResponse('OXGroupService', 'listAll', groups);
    expect(decoded('OXGroupService', 'listAll', xml, ['id'])).toEqual(decoded('OXGroupService', 'listAll', xml));
  });
});
