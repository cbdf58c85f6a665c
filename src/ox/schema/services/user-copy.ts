/** OXUserCopyService (docs/reference/ox-soap-operations.md): master credentials; wrappers in its own namespace. */
export const OX_USER_COPY_SERVICE = {
  ns: 'copy',
  port: 'OXUserCopyServiceHttpSoap11Endpoint',
  credentials: 'master',
  operations: {
    copyUser: {
      style: 'wrapped',
      request: [
        ['user', 'UserCore'],
        ['src', 'Context'],
        ['dest', 'Context'],
        ['auth', 'Credentials'],
      ],
      response: ['UserCore'],
      faults: [
        'InvalidCredentialsException',
        'NoSuchContextException',
        'DatabaseUpdateException',
        'UserExistsException',
        'NoSuchUserException',
        'StorageException',
        'RemoteException',
        'InvalidDataException',
      ],
    },
  },
} as const;
