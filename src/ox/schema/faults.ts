/**
 * The admin exceptions OX declares as SOAP faults (docs/reference/ox-faults.md).
 * Each becomes a fault element `<tns:X><tns:X><tns:Exception xsi:nil="true"/>[own members]</tns:X></tns:X>`;
 * `ns` is the namespace of the exception's type and of its own members.
 */
export const OX_FAULTS = {
  StorageException: { ns: 'exc', members: [] },
  InvalidCredentialsException: { ns: 'exc', members: [] },
  InvalidDataException: { ns: 'exc', members: [['objectname', 'string']] },
  NoSuchContextException: { ns: 'exc', members: [] },
  NoSuchUserException: { ns: 'exc', members: [] },
  NoSuchGroupException: { ns: 'exc', members: [] },
  NoSuchResourceException: { ns: 'exc', members: [] },
  NoSuchFilestoreException: { ns: 'exc', members: [] },
  NoSuchDatabaseException: { ns: 'exc', members: [] },
  NoSuchReasonException: { ns: 'exc', members: [] },
  DatabaseUpdateException: { ns: 'exc', members: [] },
  ContextExistsException: { ns: 'exc', members: [] },
  DuplicateExtensionException: { ns: 'exc', members: [] },
  OXContextException: { ns: 'exc', members: [] },
  UserExistsException: { ns: 'exc', members: [] },
  MissingServiceException: { ns: 'exc', members: [] },
  /** java.rmi.RemoteException: type rmi:RemoteException extends io:IOException, own member `message`. */
  RemoteException: { ns: 'rmi', members: [['message', 'string']] },
} as const;

export type FaultName = keyof typeof OX_FAULTS;
