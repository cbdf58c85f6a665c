// Builds values for every member of a schema type (all set, or minimal), straight from the codec metadata,
// so the round-trip tests cover every type and every member without listing them by hand.
import { complexType, type MemberMeta, type TypeMeta } from '../../../src/ox/codec/index.js';

function simpleSample(m: MemberMeta, i: number): unknown {
  switch (m.simple) {
    case 'int':
      return 1000 + i;
    case 'long':
      return 2 ** 40 + i;
    case 'boolean':
      return i % 2 === 0;
    case 'date':
      return '2016-04-18';
    case 'base64Binary':
      return Buffer.from(`image ${i}`).toString('base64');
    default:
      return `${m.name} <v&l"u'e> ${i} äß€ 😀`;
  }
}

export function fullValue(type: TypeMeta, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  type.members.forEach((m, i) => {
    if (m.simple === 'anyType') return;
    const one = () =>
      m.simple !== undefined ? simpleSample(m, i) : depth < 4 ? fullValue(complexType(m.typeKey!), depth + 1) : {};
    out[m.name] = m.many ? [one(), one()] : one();
  });
  return out;
}

/** Only required members (Quota.limit); everything optional left absent. */
export function minimalValue(type: TypeMeta): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  type.members.forEach((m, i) => {
    if (m.required) out[m.name] = m.simple !== undefined ? simpleSample(m, i) : minimalValue(complexType(m.typeKey!));
  });
  return out;
}

/** Every nillable member nil. */
export function nilValue(type: TypeMeta): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const m of type.members) if (m.nillable && !m.many) out[m.name] = null;
  return out;
}

/**
 * What a reader gets back from a response carrying `value`: JAXB writes every nillable single member that is
 * unset as xsi:nil (docs/reference/ox-soap-contract.md), so absent members read back as null; lists and non-nillable
 * members stay absent when unset.
 */
export function asJaxbWrites(type: TypeMeta, value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const m of type.members) {
    const v = value[m.name];
    if (v === undefined) {
      if (m.nillable && !m.many) out[m.name] = null;
      continue;
    }
    const inner = (x: unknown) =>
      m.typeKey !== undefined && x !== null ? asJaxbWrites(complexType(m.typeKey), x as Record<string, unknown>) : x;
    out[m.name] = m.many ? (v as unknown[]).map(inner) : inner(v);
  }
  return out;
}
