// Random admin passwords for new contexts: 64 characters of [A-Za-z0-9] with at least one lower-case letter,
// one upper-case letter and one digit (docs/reference/original-connector.md), from the CSPRNG.
import { randomInt } from 'node:crypto';

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGITS = '0123456789';
const ALL = LOWER + UPPER + DIGITS;

export function randomPassword(length = 64): string {
  for (;;) {
    let pw = '';
    for (let i = 0; i < length; i++) pw += ALL[randomInt(ALL.length)];
    if (/[a-z]/.test(pw) && /[A-Z]/.test(pw) && /\d/.test(pw)) return pw;
  }
}
