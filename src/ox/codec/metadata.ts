/**
 * The schema compiled once into lookup structures the encoder, decoder and WSDL generator share, so no
 * call walks the raw schema data or allocates per member (docs/decisions/0003).
 */
import {
  NAMESPACES,
  OX_FAULTS,
  OX_SERVICES,
  OX_TYPES,
  SIMPLE_TYPES,
  type NamespaceKey,
  type ServiceName,
  type SimpleType,
  type TypeKey,
} from '../schema/index.js';

/** Precompiled tags of one member as our encoder writes it: `<do:name>`, `</do:name>`, nil and empty forms. */
export interface Tags {
  readonly open: string;
  readonly close: string;
  readonly nilTag: string;
  /** `<do:name/>`: the same infoset as `<do:name></do:name>`, cheaper for a reader's parser. */
  readonly emptyTag: string;
}

/** A member of a complex type. Its own Tags (prefix from WIRE_PREFIX) are what responses and faults use. */
export interface MemberMeta extends Tags {
  readonly name: string;
  /** Namespace key of the element (do, rmido, tns, copy, exc, rmi). */
  readonly ns: NamespaceKey;
  readonly nsUri: string;
  /** Simple XSD type, or undefined for a complex member. */
  readonly simple: SimpleType | undefined;
  /** Complex member type key (resolved lazily through `complexType`). */
  readonly typeKey: TypeKey | undefined;
  readonly many: boolean;
  readonly nillable: boolean;
  readonly required: boolean;
  /**
   * Tags in requests, whose envelope declares the data-object namespace (`do`) as the default namespace: `do`
   * members are written unprefixed (`<display_name>`), everything else as in responses. Same XML; the
   * receiving parser does ~15 % less work per document (decision 0116).
   */
  readonly requestTags: Tags;
}

/**
 * Prefix our encoder writes for each namespace (prefixes are arbitrary on the wire; readers must not rely on
 * them). The service namespace (tns or copy) is always written as `tns`.
 */
export const WIRE_PREFIX: Record<NamespaceKey, string> = {
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

export interface TypeMeta {
  readonly key: string;
  readonly xmlName: string;
  readonly ns: NamespaceKey;
  readonly members: readonly MemberMeta[];
  readonly byName: ReadonlyMap<string, MemberMeta>;
}

export interface OperationMeta {
  readonly service: ServiceName;
  readonly name: string;
  readonly style: 'wrapped' | 'bare';
  readonly credentials: 'master' | 'contextAdmin';
  /** The request element's children, as a pseudo type named after the operation. */
  readonly request: TypeMeta;
  /** The `return` member of `<op>Response`; undefined for bare operations. */
  readonly response: MemberMeta | undefined;
  /** `<op>Response` as a pseudo type whose only member is `return` (undefined for bare operations). */
  readonly responseType: TypeMeta | undefined;
  readonly faults: readonly string[];
}

export interface ServiceMeta {
  readonly name: ServiceName;
  readonly ns: NamespaceKey;
  readonly nsUri: string;
  readonly port: string;
  readonly operations: ReadonlyMap<string, OperationMeta>;
}

const SIMPLE = new Set<string>(SIMPLE_TYPES);
type RawMember = readonly string[];

/** The namespace a request envelope declares as its default (encode.ts writes the declaration). */
export const REQUEST_DEFAULT_NS: NamespaceKey = 'do';

function tagsOf(qname: string): Tags {
  return { open: `<${qname}>`, close: `</${qname}>`, nilTag: `<${qname} xsi:nil="true"/>`, emptyTag: `<${qname}/>` };
}

function member(raw: RawMember, ns: NamespaceKey): MemberMeta {
  const [name, type, ...flags] = raw;
  const simple = SIMPLE.has(type) ? (type as SimpleType) : undefined;
  if (simple === undefined && !(type in OX_TYPES))
    throw new Error(`OX schema: member ${name} has unknown type ${type}`);
  const tags = tagsOf(`${WIRE_PREFIX[ns]}:${name}`);
  return {
    name,
    ns,
    nsUri: NAMESPACES[ns],
    ...tags,
    requestTags: ns === REQUEST_DEFAULT_NS ? tagsOf(name) : tags,
    simple,
    typeKey: simple === undefined ? (type as TypeKey) : undefined,
    many: flags.includes('many'),
    nillable: !flags.includes('notNil'),
    required: flags.includes('required'),
  };
}

function typeMeta(key: string, xmlName: string, ns: NamespaceKey, members: MemberMeta[]): TypeMeta {
  return { key, xmlName, ns, members, byName: new Map(members.map((m) => [m.name, m])) };
}

function rawMembersOf(key: TypeKey): readonly RawMember[] {
  const def = OX_TYPES[key] as { members: readonly RawMember[]; omitFrom?: TypeKey; omit?: readonly string[] };
  if (def.omitFrom === undefined) return def.members;
  const omit = new Set(def.omit);
  return rawMembersOf(def.omitFrom).filter((m) => !omit.has(m[0]));
}

const TYPES = new Map<string, TypeMeta>();
for (const key of Object.keys(OX_TYPES) as TypeKey[]) {
  const def = OX_TYPES[key];
  TYPES.set(
    key,
    typeMeta(
      key,
      def.xmlName,
      def.ns,
      rawMembersOf(key).map((m) => member(m, def.ns)),
    ),
  );
}

export function complexType(key: string): TypeMeta {
  const meta = TYPES.get(key);
  if (meta === undefined) throw new Error(`OX schema: unknown type ${key}`);
  return meta;
}

export function allTypes(): IterableIterator<TypeMeta> {
  return TYPES.values();
}

const SERVICES = new Map<string, ServiceMeta>();
for (const name of Object.keys(OX_SERVICES) as ServiceName[]) {
  const def = OX_SERVICES[name];
  const operations = new Map<string, OperationMeta>();
  for (const [opName, rawOp] of Object.entries(def.operations)) {
    const op = rawOp as {
      style: 'wrapped' | 'bare';
      credentials?: 'master' | 'contextAdmin';
      request: readonly RawMember[];
      response?: readonly string[];
      faults: readonly string[];
    };
    const response = op.response === undefined ? undefined : member(['return', ...op.response], def.ns);
    operations.set(opName, {
      service: name,
      name: opName,
      style: op.style,
      credentials: op.credentials ?? def.credentials,
      request: typeMeta(
        `${name}.${opName}`,
        opName,
        def.ns,
        op.request.map((m) => member(m, def.ns)),
      ),
      response,
      responseType:
        response === undefined
          ? undefined
          : typeMeta(`${name}.${opName}Response`, `${opName}Response`, def.ns, [response]),
      faults: op.faults,
    });
  }
  SERVICES.set(name, { name, ns: def.ns, nsUri: NAMESPACES[def.ns], port: def.port, operations });
}

export function serviceMeta(name: string): ServiceMeta | undefined {
  return SERVICES.get(name);
}

export function allServices(): IterableIterator<ServiceMeta> {
  return SERVICES.values();
}

export function operationMeta(service: string, operation: string): OperationMeta | undefined {
  return SERVICES.get(service)?.operations.get(operation);
}

/** Fault detail layout: own members of each exception type, in its namespace. */
export interface FaultMeta {
  readonly name: string;
  readonly ns: NamespaceKey;
  readonly members: readonly MemberMeta[];
}

export const FAULTS: ReadonlyMap<string, FaultMeta> = new Map(
  Object.entries(OX_FAULTS).map(([name, def]) => [
    name,
    { name, ns: def.ns, members: (def.members as readonly RawMember[]).map((m) => member(m, def.ns)) },
  ]),
);
