/**
 * Single-attribute changes to users, the everyday traffic of a directory: somebody moves office,
 * gets a new phone, a title, a new position. Each change alters exactly one property OX cares
 * about (one that the default attribute mapping sends to OX), and always to a different value.
 * Properties with uniqueness rules in OX (names, display names, mail addresses) are left alone so
 * the change can never be refused.
 */
import type { SeededRandom } from './random.js';
import type { UdmObject } from './queue-file.js';
import type { UserFactory } from './users.js';
import { CITIES, DEPARTMENTS, EMPLOYEE_TYPES, ORGANISATIONS, POSITIONS, TITLES } from './vocabulary.js';

type Mutator = (object: UdmObject, rng: SeededRandom, users: UserFactory) => void;

function cityOf(object: UdmObject) {
  return CITIES.find((c) => c.name === object.city) ?? CITIES[0];
}

/** Property → how to give it a new value. Every one of them is mapped to an OX user field. */
export const USER_ATTRIBUTE_CHANGES: ReadonlyArray<readonly [string, Mutator]> = [
  ['title', (o, rng) => (o.title = rng.pick(TITLES))],
  ['phone', (o, _rng, u) => (o.phone = [u.phone(cityOf(o)), ...((o.phone as string[]) ?? []).slice(1)])],
  ['mobileTelephoneNumber', (o, _rng, u) => (o.mobileTelephoneNumber = [u.mobile(cityOf(o))])],
  ['roomNumber', (o, _rng, u) => (o.roomNumber = [u.room()])],
  ['street', (o, _rng, u) => (o.street = u.street(cityOf(o)))],
  ['employeeType', (o, rng) => (o.employeeType = rng.pick(EMPLOYEE_TYPES))],
  ['employeeNumber', (o, rng) => (o.employeeNumber = String(rng.int(1000, 99999)))],
  ['organisation', (o, rng) => (o.organisation = rng.pick(ORGANISATIONS))],
  ['oxPosition', (o, rng) => (o.oxPosition = rng.pick(POSITIONS))],
  ['oxDepartment', (o, rng) => (o.oxDepartment = rng.pick(DEPARTMENTS))],
  ['birthday', (o, _rng, u) => (o.birthday = u.birthday())],
  ['oxMobileBusiness', (o, _rng, u) => (o.oxMobileBusiness = u.mobile(cityOf(o)))],
];

/**
 * Changes one attribute of `object` in place and returns its name. Retries with other draws until
 * the value really differs; as a last resort appends a marker so the change is never a no-op.
 */
export function changeOneAttribute(object: UdmObject, rng: SeededRandom, users: UserFactory): string {
  const [name, mutate] = rng.pick(USER_ATTRIBUTE_CHANGES);
  const before = JSON.stringify(object[name] ?? null);
  for (let attempt = 0; attempt < 8; attempt++) {
    mutate(object, rng, users);
    if (JSON.stringify(object[name]) !== before) return name;
  }
  const value = object[name];
  object[name] = Array.isArray(value) ? [`${String(value[0])} (2)`] : `${String(value)} (2)`;
  return name;
}
