/**
 * OXUserService (docs/reference/ox-soap-operations.md): context-admin credentials (changeModuleAccessGlobal:
 * master).
 */
const F_BASE = [
  'StorageException',
  'InvalidCredentialsException',
  'InvalidDataException',
  'NoSuchContextException',
  'RemoteException',
] as const;
/** Operations on one existing user. */
const F_USER = [...F_BASE, 'NoSuchUserException', 'DatabaseUpdateException'] as const;
/** Operations that create users or list them. */
const F_CTX = [...F_BASE, 'DatabaseUpdateException'] as const;
const F_MOVE = [...F_BASE, 'NoSuchFilestoreException', 'DatabaseUpdateException', 'NoSuchUserException'] as const;

export const OX_USER_SERVICE = {
  ns: 'tns',
  port: 'OXUserServiceHttpsEndpoint',
  credentials: 'contextAdmin',
  operations: {
    change: {
      style: 'bare',
      request: [
        ['ctx', 'Context'],
        ['usrdata', 'User'],
        ['auth', 'Credentials'],
      ],
      faults: F_USER,
    },
    changeByModuleAccess: {
      style: 'bare',
      request: [
        ['ctx', 'Context'],
        ['user', 'User'],
        ['moduleAccess', 'UserModuleAccess'],
        ['auth', 'Credentials'],
      ],
      faults: F_USER,
    },
    changeByModuleAccessName: {
      style: 'bare',
      request: [
        ['ctx', 'Context'],
        ['user', 'User'],
        ['access_combination_name', 'string'],
        ['auth', 'Credentials'],
      ],
      faults: F_USER,
    },
    changeCapabilities: {
      style: 'bare',
      request: [
        ['ctx', 'Context'],
        ['user', 'User'],
        ['capsToAdd', 'string'],
        ['capsToRemove', 'string'],
        ['capsToDrop', 'string'],
        ['auth', 'Credentials'],
      ],
      faults: F_USER,
    },
    changeMailAddressPersonal: {
      style: 'bare',
      request: [
        ['ctx', 'Context'],
        ['user', 'User'],
        ['personal', 'string'],
        ['auth', 'Credentials'],
      ],
      faults: F_USER,
    },
    changeModuleAccessGlobal: {
      style: 'bare',
      credentials: 'master',
      request: [
        ['filter', 'string'],
        ['addAccess', 'UserModuleAccess'],
        ['removeAccess', 'UserModuleAccess'],
        ['auth', 'Credentials'],
      ],
      faults: ['StorageException', 'InvalidCredentialsException', 'InvalidDataException', 'RemoteException'],
    },
    create: {
      style: 'wrapped',
      request: [
        ['ctx', 'Context'],
        ['usrdata', 'User'],
        ['auth', 'Credentials'],
      ],
      response: ['User'],
      faults: F_CTX,
    },
    createByModuleAccess: {
      style: 'wrapped',
      request: [
        ['ctx', 'Context'],
        ['usrdata', 'User'],
        ['access', 'UserModuleAccess'],
        ['auth', 'Credentials'],
      ],
      response: ['User'],
      faults: F_CTX,
    },
    createByModuleAccessName: {
      style: 'wrapped',
      request: [
        ['ctx', 'Context'],
        ['usrdata', 'User'],
        ['access_combination_name', 'string'],
        ['auth', 'Credentials'],
      ],
      response: ['User'],
      faults: F_CTX,
    },
    delete: {
      style: 'bare',
      request: [
        ['ctx', 'Context'],
        ['user', 'User'],
        ['auth', 'Credentials'],
        ['reassign', 'int'],
      ],
      faults: F_USER,
    },
    deleteMultiple: {
      style: 'bare',
      request: [
        ['ctx', 'Context'],
        ['users', 'User', 'many'],
        ['auth', 'Credentials'],
        ['reassign', 'int'],
      ],
      faults: F_USER,
    },
    exists: {
      style: 'wrapped',
      request: [
        ['ctx', 'Context'],
        ['user', 'User'],
        ['auth', 'Credentials'],
      ],
      response: ['boolean', 'notNil'],
      faults: F_CTX,
    },
    getAccessCombinationName: {
      style: 'wrapped',
      request: [
        ['ctx', 'Context'],
        ['user', 'User'],
        ['auth', 'Credentials'],
      ],
      response: ['string'],
      faults: F_USER,
    },
    getContextAdmin: {
      style: 'wrapped',
      request: [
        ['ctx', 'Context'],
        ['auth', 'Credentials'],
      ],
      response: ['User'],
      faults: [
        'StorageException',
        'InvalidCredentialsException',
        'InvalidDataException',
        'DuplicateExtensionException',
        'RemoteException',
      ],
    },
    getData: {
      style: 'wrapped',
      request: [
        ['ctx', 'Context'],
        ['user', 'User'],
        ['auth', 'Credentials'],
      ],
      response: ['User'],
      faults: F_USER,
    },
    getModuleAccess: {
      style: 'wrapped',
      request: [
        ['ctx', 'Context'],
        ['user', 'User'],
        ['auth', 'Credentials'],
      ],
      response: ['UserModuleAccess'],
      faults: F_USER,
    },
    getMultipleData: {
      style: 'wrapped',
      request: [
        ['ctx', 'Context'],
        ['users', 'User', 'many'],
        ['auth', 'Credentials'],
      ],
      response: ['User', 'many'],
      faults: F_USER,
    },
    getUserCapabilities: {
      style: 'wrapped',
      request: [
        ['ctx', 'Context'],
        ['user', 'User'],
        ['auth', 'Credentials'],
      ],
      response: ['string'],
      faults: F_USER,
    },
    list: {
      style: 'wrapped',
      request: [
        ['ctx', 'Context'],
        ['search_pattern', 'string'],
        ['auth', 'Credentials'],
        ['include_guests', 'boolean'],
        ['exclude_users', 'boolean'],
        ['length', 'int', 'notNil'],
        ['offset', 'int', 'notNil'],
      ],
      response: ['User', 'many'],
      faults: F_CTX,
    },
    listAll: {
      style: 'wrapped',
      request: [
        ['ctx', 'Context'],
        ['auth', 'Credentials'],
        ['include_guests', 'boolean'],
        ['exclude_users', 'boolean'],
      ],
      response: ['User', 'many'],
      faults: F_CTX,
    },
    listByAliasDomain: {
      style: 'wrapped',
      request: [
        ['ctx', 'Context'],
        ['alias_domain', 'string'],
        ['auth', 'Credentials'],
        ['length', 'int', 'notNil'],
        ['offset', 'int', 'notNil'],
      ],
      response: ['User', 'many'],
      faults: F_BASE,
    },
    listCaseInsensitive: {
      style: 'wrapped',
      request: [
        ['ctx', 'Context'],
        ['search_pattern', 'string'],
        ['auth', 'Credentials'],
        ['length', 'int', 'notNil'],
        ['offset', 'int', 'notNil'],
      ],
      response: ['User', 'many'],
      faults: F_CTX,
    },
    moveFromContextToUserFilestore: {
      style: 'wrapped',
      request: [
        ['ctx', 'Context'],
        ['user', 'User'],
        ['dst_filestore_id', 'Filestore'],
        ['max_quota', 'long'],
        ['auth', 'Credentials'],
      ],
      response: ['int', 'notNil'],
      faults: F_MOVE,
    },
    moveFromMasterToUserFilestore: {
      style: 'wrapped',
      request: [
        ['ctx', 'Context'],
        ['user', 'User'],
        ['masterUser', 'User'],
        ['dst_filestore_id', 'Filestore'],
        ['max_quota', 'long'],
        ['auth', 'Credentials'],
      ],
      response: ['int', 'notNil'],
      faults: F_MOVE,
    },
    moveFromUserFilestoreToMaster: {
      style: 'wrapped',
      request: [
        ['ctx', 'Context'],
        ['user', 'User'],
        ['masterUser', 'User'],
        ['auth', 'Credentials'],
      ],
      response: ['int', 'notNil'],
      faults: F_MOVE,
    },
    moveFromUserToContextFilestore: {
      style: 'wrapped',
      request: [
        ['ctx', 'Context'],
        ['user', 'User'],
        ['auth', 'Credentials'],
      ],
      response: ['int', 'notNil'],
      faults: F_MOVE,
    },
    moveUserFilestore: {
      style: 'wrapped',
      request: [
        ['ctx', 'Context'],
        ['user', 'User'],
        ['dst_filestore_id', 'Filestore'],
        ['auth', 'Credentials'],
      ],
      response: ['int', 'notNil'],
      faults: F_MOVE,
    },
  },
} as const;
