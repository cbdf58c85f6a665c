/** OXResourceService (docs/reference/ox-soap-operations.md): context-admin credentials. */
const F_CTX = [
  'StorageException',
  'InvalidCredentialsException',
  'InvalidDataException',
  'NoSuchContextException',
  'RemoteException',
  'DatabaseUpdateException',
] as const;
/** Operations on one existing resource. */
const F_RES = [
  'StorageException',
  'InvalidCredentialsException',
  'InvalidDataException',
  'NoSuchContextException',
  'RemoteException',
  'NoSuchResourceException',
  'DatabaseUpdateException',
] as const;

export const OX_RESOURCE_SERVICE = {
  ns: 'tns',
  port: 'OXResourceServiceHttpSoap12Endpoint',
  credentials: 'contextAdmin',
  operations: {
    change: {
      style: 'bare',
      request: [
        ['ctx', 'Context'],
        ['res', 'Resource'],
        ['auth', 'Credentials'],
      ],
      faults: F_RES,
    },
    create: {
      style: 'wrapped',
      request: [
        ['ctx', 'Context'],
        ['res', 'Resource'],
        ['auth', 'Credentials'],
      ],
      response: ['Resource'],
      faults: F_CTX,
    },
    delete: {
      style: 'bare',
      request: [
        ['ctx', 'Context'],
        ['res', 'Resource'],
        ['auth', 'Credentials'],
      ],
      faults: F_RES,
    },
    getData: {
      style: 'wrapped',
      request: [
        ['ctx', 'Context'],
        ['res', 'Resource'],
        ['auth', 'Credentials'],
      ],
      response: ['Resource'],
      faults: F_RES,
    },
    getMultipleData: {
      style: 'wrapped',
      request: [
        ['ctx', 'Context'],
        ['resources', 'Resource', 'many'],
        ['auth', 'Credentials'],
      ],
      response: ['Resource', 'many'],
      faults: F_RES,
    },
    list: {
      style: 'wrapped',
      request: [
        ['ctx', 'Context'],
        ['pattern', 'string'],
        ['auth', 'Credentials'],
      ],
      response: ['Resource', 'many'],
      faults: F_CTX,
    },
    listAll: {
      style: 'wrapped',
      request: [
        ['ctx', 'Context'],
        ['auth', 'Credentials'],
      ],
      response: ['Resource', 'many'],
      faults: F_CTX,
    },
  },
} as const;
