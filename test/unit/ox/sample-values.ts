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
