/**
 * Realistic `users/user` objects: German and English people with unique user names, unique OX
 * display names (OX refuses a display name twice in a context), mail addresses derived from the
 * name, phone numbers that fit the city, birthdays, rooms, positions — plus the internal keys UCS
 * always adds (`disabled`, `locked`, `sambaRID`, `password`, …), so files are the size real ones are.
 */
import type { SeededRandom } from './random.js';
import type { QueueRecord, UdmObject } from './queue-file.js';
import { dnOf, type DirectoryNaming } from './objects.js';
import { localPart } from './ascii.js';
import { tinyJpegBase64 } from './photo.js';
import {
  ACCESS_PROFILE_WEIGHTS,
  CITIES,
  DEPARTMENTS,
  EMPLOYEE_TYPES,
  ENGLISH_FIRST_NAMES,
  ENGLISH_LAST_NAMES,
  ENGLISH_STREETS,
  GERMAN_FIRST_NAMES,
  GERMAN_LAST_NAMES,
  GERMAN_STREETS,
  ORGANISATIONS,
  POSITIONS,
  TITLES,
  type City,
} from './vocabulary.js';

export interface UserFactoryOptions extends DirectoryNaming {
  contextId: number;
  firstUidNumber?: number;
  firstSambaRid?: number;
}

const CRYPT_ALPHABET = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export class UserFactory {
  private readonly usernames = new Set<string>();
  private readonly displayNames = new Set<string>();
  private uidNumber: number;
  private sambaRid: number;

  constructor(
    private readonly rng: SeededRandom,
    private readonly options: UserFactoryOptions,
  ) {
    this.uidNumber = options.firstUidNumber ?? 2001;
    this.sambaRid = options.firstSambaRid ?? 5002;
  }

  /** The next user; `groupDns` are the groups it is a member of (UCS lists them on the user). */
  create(groupDns: readonly string[] = []): QueueRecord {
    const { rng } = this;
    const city = rng.pick(CITIES);
    const english = city.country === 'GB' ? rng.chance(0.85) : rng.chance(0.15);
    const firstname = rng.pick(english ? ENGLISH_FIRST_NAMES : GERMAN_FIRST_NAMES);
    const lastname = rng.pick(english ? ENGLISH_LAST_NAMES : GERMAN_LAST_NAMES);
    const username = this.uniqueUsername(firstname, lastname);
    const displayName = this.uniqueDisplayName(firstname, lastname);
    const mail = `${username}@${this.options.mailDomain}`;
    const domainUsers = dnOf.group(this.options, 'Domain Users');
    const uidNumber = this.uidNumber++;

    const object: UdmObject = {
      city: city.name,
      country: city.country,
      disabled: '0',
      displayName: `${firstname} ${lastname}`,
      'e-mail': [mail],
      firstname,
      gecos: `${firstname} ${lastname}`,
      gidNumber: '5001',
      groups: [domainUsers, ...groupDns],
      isOxUser: 'OK',
      lastname,
      locked: '0',
      lockedTime: '0',
      mailForwardCopyToSelf: '0',
      mailHomeServer: `mail.${this.options.mailDomain}`,
      mailPrimaryAddress: mail,
      organisation: rng.pick(ORGANISATIONS),
      oxAccess: this.weightedProfile(),
      oxContext: String(this.options.contextId),
      oxDisplayName: displayName,
      oxLanguage: city.language,
      oxTimeZone: city.timeZone,
      oxUserQuota: rng.pick(['-1', '-1', '1024', '2048', '5120']),
      password: this.cryptHash(),
      passwordexpiry: null,
      phone: [this.phone(city)],
      postcode: city.postcode,
      primaryGroup: domainUsers,
      sambaRID: String(this.sambaRid++),
      shell: '/bin/bash',
      street: this.street(city),
      uidNumber: String(uidNumber),
      unixhome: `/home/${username}`,
      unlockTime: '',
      userexpiry: null,
      username,
    };
    if (rng.chance(0.3)) (object.phone as string[]).push(this.phone(city));
    if (rng.chance(0.75)) object.birthday = this.birthday();
    if (rng.chance(0.6)) object.mobileTelephoneNumber = [this.mobile(city)];
    if (rng.chance(0.25)) object.homeTelephoneNumber = [this.phone(city)];
    if (rng.chance(0.5)) object.roomNumber = [this.room()];
    if (rng.chance(0.6)) object.employeeNumber = String(rng.int(1000, 99999));
    if (rng.chance(0.5)) object.employeeType = rng.pick(EMPLOYEE_TYPES);
    if (rng.chance(0.1)) object.title = rng.pick(TITLES);
    if (rng.chance(0.5)) object.oxPosition = rng.pick(POSITIONS);
    if (rng.chance(0.5)) object.oxDepartment = rng.pick(DEPARTMENTS);
    if (rng.chance(0.2)) object.oxMobileBusiness = this.mobile(city);
    if (rng.chance(0.15)) object.oxFaxBusiness = `${city.dialPrefix} ${rng.digits(5)}-99`;
    if (rng.chance(0.1)) object.jpegPhoto = tinyJpegBase64(`photo of ${username}`);
    if (rng.chance(0.35)) {
      const initial = localPart(firstname).charAt(0);
      object.mailAlternativeAddress = [`${initial}.${localPart(lastname)}.${uidNumber}@${this.options.mailDomain}`];
    }
    return {
      dn: dnOf.user(this.options, username),
      id: rng.entryUuid(),
      object,
      options: ['default'],
      udm_object_type: 'users/user',
    };
  }

  private uniqueUsername(firstname: string, lastname: string): string {
    const base = `${localPart(firstname)}.${localPart(lastname)}`;
    let candidate = base;
    for (let n = 2; this.usernames.has(candidate); n++) candidate = `${base}${n}`;
    this.usernames.add(candidate);
    return candidate;
  }

  /** Real directories disambiguate namesakes with a middle initial or a number; we do the same. */
  private uniqueDisplayName(firstname: string, lastname: string): string {
    let candidate = `${firstname} ${lastname}`;
    if (this.displayNames.has(candidate)) {
      candidate = `${firstname} ${String.fromCharCode(65 + this.rng.int(0, 25))}. ${lastname}`;
    }
    const base = candidate;
    for (let n = 2; this.displayNames.has(candidate); n++) candidate = `${base} (${n})`;
    this.displayNames.add(candidate);
    return candidate;
  }

  private weightedProfile(): string {
    const total = ACCESS_PROFILE_WEIGHTS.reduce((sum, [, weight]) => sum + weight, 0);
    let roll = this.rng.int(1, total);
    for (const [name, weight] of ACCESS_PROFILE_WEIGHTS) {
      roll -= weight;
      if (roll <= 0) return name;
    }
    return 'premium';
  }

  phone(city: City): string {
    return `${city.dialPrefix} ${this.rng.digits(this.rng.int(5, 7))}`;
  }

  mobile(city: City): string {
    return `${this.rng.pick(city.mobilePrefixes)} ${this.rng.digits(7)}`;
  }

  street(city: City): string {
    const streets = city.country === 'GB' ? ENGLISH_STREETS : GERMAN_STREETS;
    const name = this.rng.pick(streets);
    const number = this.rng.int(1, 180);
    return city.country === 'GB' ? `${number} ${name}` : `${name} ${number}`;
  }

  room(): string {
    return `${this.rng.pick(['A', 'B', 'C'])} ${this.rng.int(0, 5)}.${String(this.rng.int(1, 40)).padStart(2, '0')}`;
  }

  birthday(): string {
    const year = this.rng.int(1955, 2004);
    const month = this.rng.int(1, 12);
    const day = this.rng.int(1, 28);
    return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  }

  private cryptHash(): string {
    let salt = '';
    let hash = '';
    for (let i = 0; i < 16; i++) salt += CRYPT_ALPHABET.charAt(this.rng.int(0, CRYPT_ALPHABET.length - 1));
    for (let i = 0; i < 86; i++) hash += CRYPT_ALPHABET.charAt(this.rng.int(0, CRYPT_ALPHABET.length - 1));
    return `{crypt}$6$${salt}$${hash}`;
  }
}
