/**
 * Fault classification (docs/decisions/0004). OX faults are classified by the exception named in the fault
 * detail, refined by the faultstring where OX uses one exception for different situations.
 */
import type { OxErrorKind } from './errors.js';

const NOT_FOUND_EXCEPTIONS = new Set([
  'NoSuchContextException',
  'NoSuchUserException',
  'NoSuchGroupException',
  'NoSuchResourceException',
  'NoSuchFilestoreException',
  'NoSuchDatabaseException',
  'NoSuchReasonException',
]);

/** OX storage/database trouble: the request may well succeed later (issue 5 treats these as transient). */
const TRANSIENT_EXCEPTIONS = new Set(['StorageException', 'DatabaseUpdateException', 'RemoteException']);

/**
 * StorageException texts that are not going to heal by retrying: OX reports these data conflicts as
 * storage errors (docs/reference/ox-faults.md). Retrying them forever would hide a real problem from the administrator.
 */
const PERMANENT_STORAGE_TEXTS = [
  /This mapping is already in use/,
  /A mapping with login info .* already exists/,
  /Missing mail end-point data/,
  /Quota cannot be changed/,
  /duplicate mail account/i,
];

/** "This object already exists" texts OX sends as InvalidDataException (docs/reference/ox-faults.md). */
const ALREADY_EXISTS_TEXTS = [
  /^User \S.* already exists in this context/,
  /^Group already exists!/,
  // Group create finds the name taken: "Group already exists!"; group change renames onto a taken name:
  /^Group \S.* already exists in this context/,
  /^Resource \S.* already exists in this context/,
  // Context change renames onto a taken name (InvalidDataException, not ContextExistsException).
  /^Context \S.* already exists!/,
];

/** Faultstring prefixes clients key on for "does not exist" (docs/reference/ox-faults.md). */
const NOT_FOUND_TEXTS = [
  /^No such /,
  /^Context \S+ does not exist/,
  /^com\.openexchange\.admin\.rmi\.exceptions\.NoSuchObjectException/,
];

export function classifyFault(exceptionName: string | undefined, faultString: string, faultCode?: string): OxErrorKind {
  if (exceptionName === 'InvalidCredentialsException') return 'invalidCredentials';
  if (exceptionName !== undefined && NOT_FOUND_EXCEPTIONS.has(exceptionName)) return 'notFound';
  if (exceptionName === 'ContextExistsException' || exceptionName === 'UserExistsException') return 'alreadyExists';
  if (exceptionName !== undefined && TRANSIENT_EXCEPTIONS.has(exceptionName)) {
    return PERMANENT_STORAGE_TEXTS.some((re) => re.test(faultString)) ? 'invalidData' : 'transient';
  }
  if (exceptionName === 'InvalidDataException') {
    return ALREADY_EXISTS_TEXTS.some((re) => re.test(faultString)) ? 'alreadyExists' : 'invalidData';
  }
  // Faults without (known) detail: fall back to the texts clients have always keyed on.
  if (NOT_FOUND_TEXTS.some((re) => re.test(faultString))) return 'notFound';
  if (ALREADY_EXISTS_TEXTS.some((re) => re.test(faultString))) return 'alreadyExists';
  if (faultString.startsWith('Authentication failed')) return 'invalidCredentials';
  if (faultCode !== undefined && /(^|:)Client$/.test(faultCode)) return 'other';
  return 'other';
}
