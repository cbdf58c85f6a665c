/**
 * WSDL 1.1 + inline XSD for one OX service, generated from the same schema the codec uses
 * (docs/reference/ox-soap-contract.md): one xs:schema per namespace, a global element per operation, response and
 * fault, messages, a portType, a SOAP 1.1 document/literal binding with soapAction "urn:<op>", and a port whose
 * address is where the client reached us.
 */
import { NAMESPACES, type NamespaceKey } from '../ox/schema/index.js';
import {
  FAULTS,
  complexType,
  serviceMeta,
  type MemberMeta,
  type ServiceMeta,
  type TypeMeta,
} from '../ox/codec/index.js';
import { escapeXml } from '../ox/codec/index.js';

type Attrs = Record<string, string | undefined>;

/** Minimal XML element writer: every attribute value is escaped; children are already XML. */
function el(name: string, attrs: Attrs, ...children: string[]): string {
  let open = `<${name}`;
  for (const [k, v] of Object.entries(attrs))
    if (v !== undefined) open += ` ${k}="${escapeXml(v, `WSDL attribute ${k}`)}"`;
  return children.length === 0 ? `${open}/>` : `${open}>${children.join('')}</${name}>`;
}

/** Prefix used in the WSDL for each namespace; the service namespace is always `tns`. */
function prefixOf(ns: NamespaceKey): string {
  return ns === 'copy' ? 'tns' : ns;
}

/**
 * Namespace declarations repeated on every inline xsd:schema, so each schema is a self-contained document:
 * tools that extract the schemas from the WSDL (validators, code generators) must not lose the prefixes the
 * QName attribute values (`type="do:User"`, `base="tns:Exception"`) rely on.
 */
function schemaNamespaces(tnsUri: string): Attrs {
  return {
    'xmlns:xsd': NAMESPACES.xsd,
    'xmlns:tns': tnsUri,
    'xmlns:do': NAMESPACES.do,
    'xmlns:rmido': NAMESPACES.rmido,
    'xmlns:exc': NAMESPACES.exc,
    'xmlns:rmi': NAMESPACES.rmi,
    'xmlns:io': NAMESPACES.io,
  };
}

function memberElement(m: MemberMeta): string {
  return el('xsd:element', {
    name: m.name,
    type:
      m.simple !== undefined
        ? `xsd:${m.simple}`
        : `${prefixOf(complexType(m.typeKey as string).ns)}:${complexType(m.typeKey as string).xmlName}`,
    minOccurs: m.required ? '1' : '0',
    maxOccurs: m.many ? 'unbounded' : undefined,
    nillable: m.nillable ? 'true' : undefined,
  });
}

function sequence(members: readonly MemberMeta[]): string {
  return members.length === 0 ? el('xsd:sequence', {}) : el('xsd:sequence', {}, ...members.map(memberElement));
}

/** The data types a service's operations reach, each XML name once. */
function reachableTypes(service: ServiceMeta): TypeMeta[] {
  const seen = new Map<string, TypeMeta>();
  const visit = (members: readonly MemberMeta[]) => {
    for (const m of members) {
      if (m.typeKey === undefined) continue;
      const t = complexType(m.typeKey);
      const id = `${t.ns}:${t.xmlName}`;
      const known = seen.get(id);
      if (known !== undefined) {
        if (known.key !== t.key)
          throw new Error(`OX schema: ${service.name} uses two variants of ${id} (${known.key}, ${t.key})`);
        continue;
      }
      seen.set(id, t);
      visit(t.members);
    }
  };
  for (const op of service.operations.values()) {
    visit(op.request.members);
    if (op.response !== undefined) visit([op.response]);
  }
  return [...seen.values()];
}

function dataSchema(ns: 'do' | 'rmido', types: TypeMeta[], tnsUri: string): string {
  const own = types.filter((t) => t.ns === ns);
  const imports = ns === 'do' ? [el('xsd:import', { namespace: NAMESPACES.rmido })] : [];
  return el(
    'xsd:schema',
    {
      ...schemaNamespaces(tnsUri),
      targetNamespace: NAMESPACES[ns],
      elementFormDefault: 'qualified',
      attributeFormDefault: 'unqualified',
    },
    ...imports,
    ...own.map((t) => el('xsd:complexType', { name: t.xmlName }, sequence(t.members))),
  );
}

function faultNames(service: ServiceMeta): string[] {
  const names = new Set<string>();
  for (const op of service.operations.values()) for (const f of op.faults) names.add(f);
  return [...names];
}

function exceptionSchemas(service: ServiceMeta, faults: string[]): string[] {
  const tnsUri = service.nsUri;
  const extend = (base: string, members: readonly MemberMeta[]) =>
    el('xsd:complexContent', {}, el('xsd:extension', { base }, sequence(members)));
  const excTypes = faults
    .filter((f) => FAULTS.get(f)?.ns === 'exc')
    .map((f) => el('xsd:complexType', { name: f }, extend('tns:Exception', FAULTS.get(f)!.members)));
  const schemas = [
    el(
      'xsd:schema',
      { ...schemaNamespaces(tnsUri), targetNamespace: NAMESPACES.exc, elementFormDefault: 'qualified' },
      el('xsd:import', { namespace: tnsUri }),
      ...excTypes,
    ),
  ];
  if (faults.includes('RemoteException')) {
    schemas.push(
      el(
        'xsd:schema',
        { ...schemaNamespaces(tnsUri), targetNamespace: NAMESPACES.io },
        el('xsd:import', { namespace: tnsUri }),
        el('xsd:complexType', { name: 'IOException' }, extend('tns:Exception', [])),
      ),
      el(
        'xsd:schema',
        { ...schemaNamespaces(tnsUri), targetNamespace: NAMESPACES.rmi, elementFormDefault: 'qualified' },
        el('xsd:import', { namespace: NAMESPACES.io }),
        el(
          'xsd:complexType',
          { name: 'RemoteException' },
          extend('io:IOException', FAULTS.get('RemoteException')!.members),
        ),
      ),
    );
  }
  return schemas;
}

function serviceSchema(service: ServiceMeta, faults: string[]): string {
  const items: string[] = [
    el('xsd:import', { namespace: NAMESPACES.do }),
    el('xsd:import', { namespace: NAMESPACES.rmido }),
    el('xsd:import', { namespace: NAMESPACES.exc }),
  ];
  if (faults.includes('RemoteException')) items.push(el('xsd:import', { namespace: NAMESPACES.rmi }));
  items.push(
    el(
      'xsd:complexType',
      { name: 'Exception' },
      el(
        'xsd:sequence',
        {},
        el('xsd:element', { name: 'Exception', type: 'xsd:anyType', minOccurs: '0', nillable: 'true' }),
      ),
    ),
  );
  for (const op of service.operations.values()) {
    items.push(el('xsd:element', { name: op.name }, el('xsd:complexType', {}, sequence(op.request.members))));
    if (op.response !== undefined) {
      items.push(el('xsd:element', { name: `${op.name}Response` }, el('xsd:complexType', {}, sequence([op.response]))));
    }
  }
  for (const f of faults) {
    const type = f === 'RemoteException' ? 'rmi:RemoteException' : `exc:${f}`;
    items.push(
      el(
        'xsd:element',
        { name: f },
        el(
          'xsd:complexType',
          {},
          el('xsd:sequence', {}, el('xsd:element', { name: f, type, minOccurs: '0', nillable: 'true' })),
        ),
      ),
    );
  }
  return el(
    'xsd:schema',
    {
      ...schemaNamespaces(service.nsUri),
      targetNamespace: service.nsUri,
      elementFormDefault: 'qualified',
      attributeFormDefault: 'unqualified',
    },
    ...items,
  );
}

/** The WSDL document for `serviceName`, advertising `address` (e.g. http://127.0.0.1:8080/webservices/OXUserService). */
export function generateWsdl(serviceName: string, address: string): string {
  const service = serviceMeta(serviceName);
  if (service === undefined) throw new Error(`No such OX service ${serviceName}`);
  const types = reachableTypes(service);
  const faults = faultNames(service);
  const ops = [...service.operations.values()];

  const messages: string[] = [];
  for (const op of ops) {
    messages.push(
      el('wsdl:message', { name: op.name }, el('wsdl:part', { name: 'parameters', element: `tns:${op.name}` })),
    );
    messages.push(
      op.response === undefined
        ? el('wsdl:message', { name: `${op.name}Response` })
        : el(
            'wsdl:message',
            { name: `${op.name}Response` },
            el('wsdl:part', { name: 'parameters', element: `tns:${op.name}Response` }),
          ),
    );
  }
  for (const f of faults)
    messages.push(el('wsdl:message', { name: f }, el('wsdl:part', { name: f, element: `tns:${f}` })));

  const portType = el(
    'wsdl:portType',
    { name: `${service.name}PortType` },
    ...ops.map((op) =>
      el(
        'wsdl:operation',
        { name: op.name },
        el('wsdl:input', { name: op.name, message: `tns:${op.name}` }),
        el('wsdl:output', { name: `${op.name}Response`, message: `tns:${op.name}Response` }),
        ...op.faults.map((f) => el('wsdl:fault', { name: f, message: `tns:${f}` })),
      ),
    ),
  );
  const binding = el(
    'wsdl:binding',
    { name: `${service.name}SoapBinding`, type: `tns:${service.name}PortType` },
    el('soap:binding', { style: 'document', transport: 'http://schemas.xmlsoap.org/soap/http' }),
    ...ops.map((op) =>
      el(
        'wsdl:operation',
        { name: op.name },
        el('soap:operation', { soapAction: `urn:${op.name}`, style: 'document' }),
        el('wsdl:input', { name: op.name }, el('soap:body', { use: 'literal' })),
        el('wsdl:output', { name: `${op.name}Response` }, el('soap:body', { use: 'literal' })),
        ...op.faults.map((f) => el('wsdl:fault', { name: f }, el('soap:fault', { name: f, use: 'literal' }))),
      ),
    ),
  );
  const wsdlService = el(
    'wsdl:service',
    { name: service.name },
    el(
      'wsdl:port',
      { name: service.port, binding: `tns:${service.name}SoapBinding` },
      el('soap:address', { location: address }),
    ),
  );

  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    el(
      'wsdl:definitions',
      {
        name: service.name,
        targetNamespace: service.nsUri,
        'xmlns:wsdl': NAMESPACES.wsdl,
        'xmlns:soap': NAMESPACES.wsdlsoap,
        'xmlns:xsd': NAMESPACES.xsd,
        'xmlns:tns': service.nsUri,
        'xmlns:do': NAMESPACES.do,
        'xmlns:rmido': NAMESPACES.rmido,
        'xmlns:exc': NAMESPACES.exc,
        'xmlns:rmi': NAMESPACES.rmi,
        'xmlns:io': NAMESPACES.io,
      },
      el(
        'wsdl:types',
        {},
        dataSchema('do', types, service.nsUri),
        dataSchema('rmido', types, service.nsUri),
        ...exceptionSchemas(service, faults),
        serviceSchema(service, faults),
      ),
      ...messages,
      portType,
      binding,
      wsdlService,
    )
  );
}
