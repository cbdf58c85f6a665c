/**
 * Schema-driven XML encoder. One generic walk over the precompiled type metadata writes every member in
 * propOrder; there is no per-operation XML anywhere (docs/decisions/0003 says why this is not XMLBuilder).
 */
import { NAMESPACES, type NamespaceKey } from '../schema/index.js';
import { escapeXml } from './xml-text.js';
import { complexType, FAULTS, operationMeta, type MemberMeta, type OperationMeta, type TypeMeta } from './metadata.js';

/** Prefix written for each namespace. The service namespace (tns or copy) is always written as `tns`. */
const PREFIX: Record<NamespaceKey, string> = {
  soapenv: 'soap',
  xsi: 'xsi',
  xsd: 'xsd',
  wsdl: 'wsdl',
  wsdlsoap: 'wsdlsoap',
  tns: 'tns',
  copy: 'tns',
  do: 'do',
  rmido: 'rmido',
  exc: 'exc',
  rmi: 'rmi',
  io: 'io',
};

function envelopeOpen(serviceNs: NamespaceKey): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?><soap:Envelope xmlns:soap="${NAMESPACES.soapenv}" xmlns:xsi="${NAMESPACES.xsi}"` +
    ` xmlns:tns="${NAMESPACES[serviceNs]}" xmlns:do="${NAMESPACES.do}" xmlns:rmido="${NAMESPACES.rmido}"` +
    ` xmlns:exc="${NAMESPACES.exc}" xmlns:rmi="${NAMESPACES.rmi}"><soap:Body>`
  );
}
const ENVELOPE_CLOSE = '</soap:Body></soap:Envelope>';

function simpleText(member: MemberMeta, value: unknown, path: string): string {
  switch (member.simple) {
    case 'string':
    case 'base64Binary':
      if (typeof value !== 'string') break;
      return escapeXml(value, path);
    case 'int':
    case 'long':
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) break;
      return String(value);
    case 'boolean':
      if (typeof value !== 'boolean') break;
      return value ? 'true' : 'false';
    case 'date':
      if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) break;
      return value;
    case 'anyType':
      break;
  }
  throw new TypeError(`${path} must be ${describeSimple(member)}, got ${JSON.stringify(value)}`);
}

function describeSimple(member: MemberMeta): string {
  switch (member.simple) {
    case 'int':
    case 'long':
      return 'an integer';
    case 'boolean':
      return 'true or false';
    case 'date':
      return 'a date YYYY-MM-DD';
    default:
      return 'a string';
  }
}

function writeElement(out: string[], member: MemberMeta, value: unknown, path: string): void {
  const tag = `${PREFIX[member.ns]}:${member.name}`;
  if (value === null) {
    // Non-nillable members have no way to say nil: JAXB omits them, so do we.
    if (member.nillable) out.push(`<${tag} xsi:nil="true"/>`);
    return;
  }
  if (member.simple !== undefined) {
    out.push(`<${tag}>${simpleText(member, value, path)}</${tag}>`);
    return;
  }
  out.push(`<${tag}>`);
  writeMembers(out, complexType(member.typeKey as string), value, path);
  out.push(`</${tag}>`);
}

function writeMembers(out: string[], type: TypeMeta, value: unknown, path: string): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`${path} must be an object (OX type ${type.xmlName})`);
  }
  const record = value as Record<string, unknown>;
  for (const key in record) {
    if (!type.byName.has(key) && record[key] !== undefined) {
      throw new TypeError(`${path} has no member "${key}" (OX type ${type.xmlName}); remove it or check the spelling`);
    }
  }
  for (const member of type.members) {
    const v = record[member.name];
    if (v === undefined) continue;
    if (member.many && Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) writeElement(out, member, v[i], `${path}.${member.name}[${i}]`);
    } else {
      writeElement(out, member, v, `${path}.${member.name}`);
    }
  }
}

function requireOperation(service: string, operation: string): OperationMeta {
  const op = operationMeta(service, operation);
  if (op === undefined) throw new TypeError(`OX ${service} has no operation "${operation}"`);
  return op;
}

/** A request envelope for `service.operation` with the given arguments (keyed by request child name). */
export function encodeRequest(service: string, operation: string, args: object): string {
  const op = requireOperation(service, operation);
  const out: string[] = [envelopeOpen(op.request.ns), `<tns:${operation}>`];
  writeMembers(out, op.request, args, `${service}.${operation}`);
  out.push(`</tns:${operation}>`, ENVELOPE_CLOSE);
  return out.join('');
}

/** A success response: `<opResponse>` with the `return` value(s), or an empty Body for bare operations. */
export function encodeResponse(service: string, operation: string, value: unknown): string {
  const op = requireOperation(service, operation);
  if (op.response === undefined) return envelopeOpen(op.request.ns) + ENVELOPE_CLOSE;
  const out: string[] = [envelopeOpen(op.request.ns), `<tns:${operation}Response>`];
  const path = `${service}.${operation} return`;
  if (op.response.many) {
    const list = value === undefined || value === null ? [] : Array.isArray(value) ? value : [value];
    for (let i = 0; i < list.length; i++) writeElement(out, op.response, list[i], `${path}[${i}]`);
  } else if (value !== undefined) {
    writeElement(out, op.response, value, path);
  }
  out.push(`</tns:${operation}Response>`, ENVELOPE_CLOSE);
  return out.join('');
}

export interface FaultSpec {
  /** e.g. 'soap:Server' or 'soap:Client'. */
  faultCode: string;
  faultString: string;
  /** An OX exception name from the schema (adds OX's detail element), or undefined for no detail. */
  exceptionName?: string;
  /** Namespace of the fault wrapper elements: the service's (tns or copy). */
  serviceNs: NamespaceKey;
}

/**
 * A SOAP 1.1 fault shaped like OX's (contract §4.1):
 * detail = <tns:X><tns:X><tns:Exception xsi:nil="true"/>[own members as nil]</tns:X></tns:X>.
 */
export function encodeFault(fault: FaultSpec): string {
  const out: string[] = [
    envelopeOpen(fault.serviceNs),
    '<soap:Fault><faultcode>',
    escapeXml(fault.faultCode, 'faultcode'),
    '</faultcode><faultstring>',
    escapeXml(fault.faultString, 'faultstring'),
    '</faultstring>',
  ];
  const meta = fault.exceptionName === undefined ? undefined : FAULTS.get(fault.exceptionName);
  if (meta !== undefined) {
    out.push(`<detail><tns:${meta.name}><tns:${meta.name}><tns:Exception xsi:nil="true"/>`);
    for (const member of meta.members) {
      const tag = `${PREFIX[member.ns]}:${member.name}`;
      // OX fills RemoteException's own `message` with the exception message (contract §4.1); InvalidDataException's
      // `objectname` is normally null, so it stays nil.
      if (meta.name === 'RemoteException' && member.name === 'message')
        out.push(`<${tag}>${escapeXml(fault.faultString, 'faultstring')}</${tag}>`);
      else out.push(`<${tag} xsi:nil="true"/>`);
    }
    out.push(`</tns:${meta.name}></tns:${meta.name}></detail>`);
  }
  out.push('</soap:Fault>', ENVELOPE_CLOSE);
  return out.join('');
}
