import { describe, expect, it } from 'vitest';
import { codec, OX_TYPES, OxDecodeError } from '../../../src/ox/index.js';
import { asJaxbWrites, fullValue, minimalValue, nilValue } from './sample-values.js';

const { allServices, complexType, decodeRequest, decodeResponse, encodeRequest, encodeResponse, encodeFault } = codec;

const operations = [...allServices()].flatMap((s) => [...s.operations.values()]);

describe('codec round trip, every operation of every service', () => {
  it('covers every schema type in some request or response', () => {
    const reached = new Set<string>();
    const visit = (key: string) => {
      if (reached.has(key)) return;
      reached.add(key);
      for (const m of complexType(key).members) if (m.typeKey) visit(m.typeKey);
    };
    for (const op of operations) {
      for (const m of op.request.members) if (m.typeKey) visit(m.typeKey);
      if (op.response?.typeKey) visit(op.response.typeKey);
    }
    expect([...reached].sort()).toEqual(Object.keys(OX_TYPES).sort());
  });

  for (const op of operations) {
    it(`${op.service}.${op.name}: request with every member set, absent, and nil`, () => {
      for (const args of [fullValue(op.request), minimalValue(op.request), nilValue(op.request)]) {
        const xml = encodeRequest(op.service, op.name, args);
        const decoded = decodeRequest(op.service, xml);
        expect(decoded.operation.name).toBe(op.name);
        expect(decoded.args).toEqual(args);
      }
    });
    if (op.response !== undefined) {
      it(`${op.service}.${op.name}: response with every member set and with all optional members absent`, () => {
        const t = op.response!.typeKey ? complexType(op.response!.typeKey) : undefined;
        const values = t
          ? [fullValue(t), minimalValue(t)]
          : [op.response!.simple === 'boolean' ? true : op.response!.simple === 'int' ? 7 : 'text'];
        for (const v of values) {
          const value = op.response!.many ? [v, v] : v;
          const decoded = decodeResponse(op.service, op.name, encodeResponse(op.service, op.name, value));
          const read = t ? asJaxbWrites(t, v as Record<string, unknown>) : v;
          expect(decoded).toEqual({ ok: true, value: op.response!.many ? [read, read] : read });
        }
      });
    } else {
      it(`${op.service}.${op.name}: bare operation answers with an empty Body`, () => {
        const xml = encodeResponse(op.service, op.name, undefined);
        expect(xml).toMatch(/<soap:Body><\/soap:Body>/);
        expect(decodeResponse(op.service, op.name, xml)).toEqual({ ok: true, value: undefined });
      });
    }
  }
});

describe('User encoding', () => {
  it('emits members in propOrder whatever the key order of the object', () => {
    const xml = encodeRequest('OXUserService', 'change', {
      usrdata: { sur_name: 'B', aliases: ['a@x'], id: 3, display_name: 'A' },
      ctx: { id: 1 },
    });
    // Requests declare the data-object namespace as the default: its members go unprefixed.
    const order = [...xml.matchAll(/<(\w+)>/g)].map((m) => m[1]);
    expect(order).toEqual(['id', 'aliases', 'display_name', 'id', 'sur_name']);
    expect(xml.indexOf('<tns:ctx>')).toBeLessThan(xml.indexOf('<tns:usrdata>'));
  });

  it('has the 137 members of the contract, image1ContentType last', () => {
    const user = complexType('User');
    expect(user.members).toHaveLength(137);
    expect(user.members[0].name).toBe('aliases');
    expect(user.members[136].name).toBe('image1ContentType');
    expect(complexType('UserCore').members).toHaveLength(128);
    expect(complexType('UserCore').byName.has('maxQuota')).toBe(false);
  });

  it('writes every unset nillable member of a response as xsi:nil, as OX does (ox-soap-contract.md)', () => {
    const xml = encodeResponse('OXUserService', 'getData', { id: 3, aliases: [] });
    const user = complexType('User');
    const nils = [...xml.matchAll(/<do:(\w+) xsi:nil="true"\/>/g)].map((m) => m[1]);
    expect(nils).toEqual(user.members.filter((m) => m.nillable && !m.many && m.name !== 'id').map((m) => m.name));
    expect(xml).toContain('<do:id>3</do:id>');
    // Not nillable (contextadmin, imapPort, smtpPort) and repeated (aliases) members: nothing written.
    expect(xml).not.toMatch(/contextadmin|imapPort|smtpPort|aliases/);
    // A request leaves unset members out: OX would read nil as "unchanged" anyway, but nothing is sent.
    expect(encodeRequest('OXUserService', 'change', { usrdata: { id: 3 } })).not.toContain('xsi:nil');
  });

  it('writes null as xsi:nil only where nillable and omits undefined', () => {
    const xml = encodeRequest('OXUserService', 'change', {
      usrdata: { display_name: null, contextadmin: null, name: undefined },
    });
    expect(xml).toContain('<display_name xsi:nil="true"/>');
    expect(xml).not.toContain('contextadmin');
    expect(xml).not.toContain('<name');
  });

  it('writes an empty string as an empty element <x/>, which decodes back to the empty string', () => {
    const xml = encodeRequest('OXUserService', 'change', { usrdata: { id: 3, display_name: '', email2: '' } });
    expect(xml).toContain('<display_name/>');
    expect(xml).toContain('<email2/>');
    expect(xml).not.toContain('</display_name>');
    expect(decodeRequest('OXUserService', xml).args.usrdata).toEqual({ id: 3, display_name: '', email2: '' });
    // Both spellings are the same XML: the long form still decodes to ''.
    const long = xml.replace('<email2/>', '<email2></email2>');
    expect(decodeRequest('OXUserService', long).args.usrdata).toEqual({ id: 3, display_name: '', email2: '' });
    // So is a response's prefixed form.
    expect(encodeResponse('OXUserService', 'getData', { id: 3, email2: '' })).toContain('<do:email2/>');
  });

  it('declares the data-object namespace as the default in requests only: same elements, same namespaces', () => {
    const request = encodeRequest('OXUserService', 'change', { ctx: { id: 1 }, usrdata: { id: 3, name: 'a' } });
    expect(request).toMatch(/<soap:Envelope xmlns="http:\/\/dataobjects\.soap\.admin\.openexchange\.com\/xsd"/);
    expect(request).toContain('<tns:usrdata><id>3</id><name>a</name></tns:usrdata>');
    // Credentials are rmido, not do: still prefixed.
    expect(encodeRequest('OXUserService', 'change', { auth: { login: 'l', password: 'p' } })).toContain(
      '<tns:auth><rmido:login>l</rmido:login>',
    );
    // Faults carry unqualified elements (faultcode, faultstring): no default namespace in answers.
    const fault = encodeFault({ faultCode: 'soap:Server', faultString: 'x', serviceNs: 'tns' });
    expect(fault).not.toContain(' xmlns="');
    expect(decodeResponse('OXUserService', 'delete', fault)).toMatchObject({ ok: false, fault: { faultString: 'x' } });
    expect(encodeResponse('OXUserService', 'getData', { id: 3 })).not.toContain(' xmlns="');
  });

  it('names the member and the list item of a bad value in a response', () => {
    expect(() => encodeResponse('OXUserService', 'listAll', [{ id: 1 }, { id: 'x' }])).toThrow(
      /^OXUserService\.listAll return\[1\]\.id must be an integer/,
    );
    expect(() => encodeResponse('OXUserService', 'getData', { id: 1, aliases: ['a', 7] })).toThrow(
      /^OXUserService\.getData return\.aliases\[1\] must be a string/,
    );
    expect(() => encodeResponse('OXUserService', 'getData', { id: 1, name: 'a\u0001' })).toThrow(
      /^OXUserService\.getData return\.name contains a control character/,
    );
  });

  it('refuses unknown members and wrongly typed values, naming them', () => {
    expect(() => encodeRequest('OXUserService', 'change', { usrdata: { displayName: 'x' } })).toThrow(
      /usrdata has no member "displayName"/,
    );
    expect(() => encodeRequest('OXUserService', 'change', { usrdata: { id: '3' } })).toThrow(
      /usrdata\.id must be an integer/,
    );
    expect(() => encodeRequest('OXUserService', 'change', { usrdata: { birthday: '18.04.2016' } })).toThrow(
      /a date YYYY-MM-DD/,
    );
    expect(() => encodeRequest('OXUserService', 'change', { usrdata: { name: 'a\u0001b' } })).toThrow(
      /control character/,
    );
  });
});

describe('escaping and XML safety', () => {
  it('round-trips XML metacharacters in every position', () => {
    const nasty = `<Tom & "Jerry"> 'x' ]]> &amp; \r\n\t end`;
    const xml = encodeRequest('OXGroupService', 'create', { grp: { displayname: nasty, name: nasty } });
    expect(xml).toContain('&lt;Tom &amp; &quot;Jerry&quot;&gt;');
    expect(decodeRequest('OXGroupService', xml).args).toEqual({ grp: { displayname: nasty, name: nasty } });
  });

  const envelope = (inner: string, prolog = '') =>
    `${prolog}<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>` +
    `<t:getData xmlns:t="http://soap.admin.openexchange.com" xmlns:d="http://dataobjects.soap.admin.openexchange.com/xsd">${inner}</t:getData></s:Body></s:Envelope>`;

  it('decodes predefined entities, character references and CDATA', () => {
    const xml = envelope('<t:grp><d:name>&#60;a&#x3E; &amp; &quot;b&quot; <![CDATA[<raw & text>]]></d:name></t:grp>');
    expect(decodeRequest('OXGroupService', xml).args).toEqual({ grp: { name: '<a> & "b" <raw & text>' } });
  });

  it('rejects any DOCTYPE, so no DTD is read and no entity expanded', () => {
    const xml = envelope(
      '<t:grp><d:name>&xxe;</d:name></t:grp>',
      '<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
    );
    expect(() => decodeRequest('OXGroupService', xml)).toThrow(OxDecodeError);
    expect(() => decodeRequest('OXGroupService', xml)).toThrow(/DOCTYPE/);
  });

  it('rejects undeclared entities', () => {
    expect(() => decodeRequest('OXGroupService', envelope('<t:grp><d:name>&nbsp;</d:name></t:grp>'))).toThrow(
      /not allowed/,
    );
  });

  it('accepts dates with OX zone suffixes and returns YYYY-MM-DD', () => {
    for (const raw of ['2016-04-18Z', '2016-04-18+02:00', '2016-04-18']) {
      const xml = encodeResponse('OXUserService', 'getData', {}).replace(
        '<tns:getDataResponse>',
        `<tns:getDataResponse><tns:return><do:birthday>${raw}</do:birthday></tns:return>`,
      );
      expect(decodeResponse('OXUserService', 'getData', xml)).toEqual({ ok: true, value: { birthday: '2016-04-18' } });
    }
  });
});

describe('strict request decoding (emulator side)', () => {
  const req = (inner: string, opNs = 'http://soap.admin.openexchange.com') =>
    `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><t:getData xmlns:t="${opNs}" xmlns:d="http://dataobjects.soap.admin.openexchange.com/xsd">${inner}</t:getData></s:Body></s:Envelope>`;

  it('names an unknown element in OX wording', () => {
    expect(() => decodeRequest('OXUserService', req('<t:user><d:image2>x</d:image2></t:user>'))).toThrow(
      'Unexpected element "image2" (URI=http://dataobjects.soap.admin.openexchange.com/xsd). Please remove that element from SOAP request.',
    );
  });

  it('refuses a member in the wrong namespace', () => {
    expect(() => decodeRequest('OXUserService', req('<t:user><t:name>x</t:name></t:user>'))).toThrow(
      /Unexpected element "name" \(URI=http:\/\/soap.admin/,
    );
  });

  it('refuses an unqualified member', () => {
    expect(() => decodeRequest('OXUserService', req('<t:user><name>x</name></t:user>'))).toThrow(
      /Unexpected element "name"\./,
    );
  });

  it('refuses an operation element in the wrong namespace and unknown operations', () => {
    expect(() => decodeRequest('OXUserCopyService', req(''))).toThrow(/Unexpected element "getData"/);
    expect(() => decodeRequest('OXUserService', req('').replace(/getData/g, 'frobnicate'))).toThrow(
      /has no such operation/,
    );
  });

  it('refuses a missing mandatory member and bad values', () => {
    const quota = `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><t:listQuotaResponse xmlns:t="http://soap.admin.openexchange.com"/></s:Body></s:Envelope>`;
    expect(decodeResponse('OXContextService', 'listQuota', quota)).toEqual({ ok: true, value: [] });
    expect(() => decodeRequest('OXUserService', req('<t:user><d:id>three</d:id></t:user>'))).toThrow(
      /Invalid value in element "id"/,
    );
    expect(() => decodeRequest('OXUserService', req('<t:user><d:id>1</d:id><d:id>2</d:id></t:user>'))).toThrow(
      /only once/,
    );
    expect(() => decodeRequest('OXUserService', req('<t:user><d:id>2147483648</d:id></t:user>'))).toThrow(
      /32-bit integer/,
    );
    expect(() =>
      decodeRequest('OXUserService', req('<t:user><d:maxQuota>123456789012345678901</d:maxQuota></t:user>')),
    ).toThrow(/within ±2\^53/);
  });

  it('refuses malformed XML and non-SOAP documents', () => {
    expect(() => decodeRequest('OXUserService', '<a><b></a>')).toThrow(OxDecodeError);
    expect(() => decodeRequest('OXUserService', '<Envelope/>')).toThrow(/SOAP 1.1 Envelope/);
  });
});

describe('faults', () => {
  it('writes and reads OX fault detail', () => {
    const xml = encodeFault({
      faultCode: 'soap:Server',
      faultString: 'The displayname is already used; exceptionId -1-74',
      exceptionName: 'InvalidDataException',
      serviceNs: 'tns',
    });
    expect(xml).toContain(
      '<tns:InvalidDataException><tns:InvalidDataException><tns:Exception xsi:nil="true"/><exc:objectname xsi:nil="true"/>',
    );
    expect(decodeResponse('OXUserService', 'change', xml)).toEqual({
      ok: false,
      fault: {
        faultCode: 'soap:Server',
        faultString: 'The displayname is already used; exceptionId -1-74',
        exceptionName: 'InvalidDataException',
      },
    });
  });

  it('fills RemoteException.message with the exception message, escaped (ox-faults.md)', () => {
    const xml = encodeFault({
      faultCode: 'soap:Server',
      faultString: 'Missing com.openexchange.admin.rmi.OXUserInterface instance. <&>; exceptionId 1-2',
      exceptionName: 'RemoteException',
      serviceNs: 'tns',
    });
    expect(xml).toContain(
      '<tns:RemoteException><tns:RemoteException><tns:Exception xsi:nil="true"/>' +
        '<rmi:message>Missing com.openexchange.admin.rmi.OXUserInterface instance. &lt;&amp;&gt;; exceptionId 1-2</rmi:message>',
    );
    expect(decodeResponse('OXUserService', 'getData', xml)).toMatchObject({
      ok: false,
      fault: { exceptionName: 'RemoteException' },
    });
  });

  it('reads the fault a real OX sent (default-namespace detail, ox-faults.md)', () => {
    const real =
      '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault><faultcode>soap:Server</faultcode>' +
      '<faultstring>No such user bob in context 10; exceptionId 1456892411-12</faultstring><detail>' +
      '<NoSuchUserException xmlns="http://soap.admin.openexchange.com" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><NoSuchUserException><Exception xsi:nil="true"/></NoSuchUserException></NoSuchUserException>' +
      '</detail></soap:Fault></soap:Body></soap:Envelope>';
    expect(decodeResponse('OXUserService', 'getData', real)).toEqual({
      ok: false,
      fault: {
        faultCode: 'soap:Server',
        faultString: 'No such user bob in context 10; exceptionId 1456892411-12',
        exceptionName: 'NoSuchUserException',
      },
    });
  });
});
