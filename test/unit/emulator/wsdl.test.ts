import { describe, expect, it } from 'vitest';
import { generateWsdl } from '../../../src/emulator/wsdl.js';
import { allServices } from '../../../src/ox/codec/index.js';

describe('generated WSDL', () => {
  for (const service of allServices()) {
    it(`${service.name}: every inline xsd:schema declares the prefixes its QName values use`, () => {
      const wsdl = generateWsdl(service.name, `http://127.0.0.1:1/webservices/${service.name}`);
      const schemas = [...wsdl.matchAll(/<xsd:schema\b([^>]*)>([\s\S]*?)<\/xsd:schema>/g)];
      expect(schemas.length).toBeGreaterThanOrEqual(3);
      for (const [, attrs, body] of schemas) {
        const used = new Set([...body.matchAll(/(?:type|base)="([a-z]+):/g)].map((m) => m[1]));
        for (const prefix of used) expect(attrs, `prefix ${prefix}`).toMatch(new RegExp(`xmlns:${prefix}="`));
      }
    });
  }

  it('puts every fault message part on the tns fault element and leaves bare responses without parts', () => {
    const wsdl = generateWsdl('OXUserService', 'http://127.0.0.1:1/webservices/OXUserService');
    expect(wsdl).toContain(
      '<wsdl:message name="NoSuchUserException"><wsdl:part name="NoSuchUserException" element="tns:NoSuchUserException"/></wsdl:message>',
    );
    expect(wsdl).toContain('<wsdl:message name="changeResponse"/>');
    expect(wsdl).toContain(
      '<wsdl:message name="getDataResponse"><wsdl:part name="parameters" element="tns:getDataResponse"/></wsdl:message>',
    );
  });
});
