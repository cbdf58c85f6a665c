// OX admin faults as the emulator raises them. The message is the complete SOAP faultstring, including
// OX's "; exceptionId <jvm>-<counter>" suffix, because clients (the Univention connector, our own client)
// classify faults by the faultstring's prefix and some OX faults are composites with several ids.

/** Fully qualified class names OX puts in front of wrapped ("composite") fault messages. */
const EXC_PACKAGE = 'com.openexchange.admin.rmi.exceptions';

export type OxExceptionName =
  | 'InvalidDataException'
  | 'InvalidCredentialsException'
  | 'NoSuchContextException'
  | 'NoSuchUserException'
  | 'NoSuchGroupException'
  | 'NoSuchResourceException'
  | 'StorageException'
  | 'ContextExistsException'
  | 'UserExistsException'
  | 'DatabaseUpdateException'
  | 'NoSuchDatabaseException'
  | 'NoSuchFilestoreException'
  | 'NoSuchReasonException'
  | 'OXContextException'
  | 'RemoteException';

export class OxFault extends Error {
  /**
   * @param exceptionName the OX exception (the SOAP detail element), e.g. 'NoSuchUserException'
   * @param message the complete faultstring, e.g. 'No such user bob in context 10; exceptionId 1456892411-12'
   */
  constructor(
    readonly exceptionName: OxExceptionName | string,
    message: string,
  ) {
    super(message);
    this.name = 'OxFault';
  }
}

// OX numbers its exceptions "<random int chosen once per JVM>-<per-JVM counter>"; one emulator process = one JVM.
const jvmId = Math.floor(Math.random() * 0x7fffffff) * (Math.random() < 0.5 ? -1 : 1);
let exceptionCounter = 0;

function exceptionId(): string {
  exceptionCounter += 1;
  return `exceptionId ${jvmId}-${exceptionCounter}`;
}

/** A plain OX fault: `<base>; exceptionId …`. */
export function fault(exceptionName: OxExceptionName, base: string): OxFault {
  return new OxFault(exceptionName, `${base}; ${exceptionId()}`);
}

export const invalidData = (base: string): OxFault => fault('InvalidDataException', base);
export const authenticationFailed = (): OxFault => fault('InvalidCredentialsException', 'Authentication failed');
export const permissionDenied = (): OxFault => fault('InvalidCredentialsException', 'Permission denied');

/**
 * An object addressed by name that does not exist. OX throws NoSuchObjectException, the caller wraps it in
 * the specific exception (whose message becomes `<cause class>: <cause message>`), and for users, groups and
 * resources that is wrapped once more; every layer appends its own exception id (docs/reference/ox-faults.md).
 */
export function noSuchObjectByName(
  exceptionName: 'NoSuchContextException' | 'NoSuchUserException' | 'NoSuchGroupException' | 'NoSuchResourceException',
  base: string,
): OxFault {
  if (exceptionName === 'NoSuchContextException') {
    return new OxFault(
      exceptionName,
      `${EXC_PACKAGE}.NoSuchObjectException: ${base}; ${exceptionId()}; ${exceptionId()}`,
    );
  }
  const inner = `${EXC_PACKAGE}.${exceptionName}: ${base}; ${exceptionId()}`;
  return new OxFault(
    exceptionName,
    `${EXC_PACKAGE}.NoSuchObjectException: ${inner}; ${exceptionId()}; ${exceptionId()}`,
  );
}

/** The faultstring without OX's exception ids — handy for tests and log lines. */
export function baseMessage(faultString: string): string {
  return faultString.replace(/; exceptionId -?\d+-\d+/g, '');
}
