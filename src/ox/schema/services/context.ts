/** OXContextService (docs/reference/ox-soap-operations.md): master-admin credentials. */
const F = [
  'StorageException',
  'InvalidCredentialsException',
  'InvalidDataException',
  'NoSuchContextException',
  'RemoteException',
] as const;
const F_CREATE = [
  'StorageException',
  'InvalidCredentialsException',
  'InvalidDataException',
  'ContextExistsException',
  'RemoteException',
] as const;
const F_LIST = ['StorageException', 'InvalidCredentialsException', 'InvalidDataException', 'RemoteException'] as const;
const F_DELETE = [...F, 'DatabaseUpdateException'] as const;
const F_DISABLE = [
  'StorageException',
  'InvalidCredentialsException',
  'NoSuchReasonException',
  'InvalidDataException',
  'OXContextException',
  'NoSuchContextException',
  'RemoteException',
] as const;

export const OX_CONTEXT_SERVICE = {
  ns: 'tns',
  port: 'OXContextServiceHttpsEndpoint',
  credentials: 'master',
  operations: {
    change: {
      style: 'bare',
      request: [
        ['ctx', 'Context'],
        ['auth', 'Credentials'],
      ],
      faults: F,
    },
    changeCapabilities: {
      style: 'bare',
      request: [
        ['ctx', 'Context'],
        ['capsToAdd', 'string'],
        ['capsToRemove', 'string'],
        ['capsToDrop', 'string'],
        ['auth', 'Credentials'],
      ],
      faults: F,
    },
    changeModuleAccess: {
      style: 'bare',
      request: [
        ['ctx', 'Context'],
        ['access', 'UserModuleAccess'],
        ['auth', 'Credentials'],
      ],
      faults: F,
    },
    changeModuleAccessByName: {
      style: 'bare',
      request: [
        ['ctx', 'Context'],
        ['access_combination_name', 'string'],
        ['auth', 'Credentials'],
      ],
      faults: F,
    },
    changeQuota: {
      style: 'bare',
      request: [
        ['ctx', 'Context'],
        ['module', 'string'],
        ['quotaValue', 'string'],
        ['auth', 'Credentials'],
      ],
      faults: F,
    },
    create: {
      style: 'wrapped',
      request: [
        ['ctx', 'Context'],
        ['admin_user', 'UserCore'],
        ['auth', 'Credentials'],
        ['schema_select_strategy', 'SchemaSelectStrategy'],
      ],
      response: ['Context'],
      faults: F_CREATE,
    },
    createModuleAccess: {
      style: 'wrapped',
      request: [
        ['ctx', 'Context'],
        ['admin_user', 'UserCore'],
        ['access', 'UserModuleAccess'],
        ['auth', 'Credentials'],
        ['schema_select_strategy', 'SchemaSelectStrategy'],
      ],
      response: ['Context'],
      faults: F_CREATE,
    },
    createModuleAccessByName: {
      style: 'wrapped',
      request: [
        ['ctx', 'Context'],
        ['admin_user', 'UserCore'],
        ['access_combination_name', 'string'],
        ['auth', 'Credentials'],
        ['schema_select_strategy', 'SchemaSelectStrategy'],
      ],
      response: ['Context'],
      faults: F_CREATE,
    },
    delete: {
      style: 'bare',
      request: [
        ['ctx', 'Context'],
        ['auth', 'Credentials'],
      ],
      faults: F_DELETE,
    },
    disable: {
      style: 'bare',
      request: [
        ['ctx', 'Context'],
        ['auth', 'Credentials'],
      ],
      faults: F_DISABLE,
    },
    disableAll: {
      style: 'bare',
      request: [['auth', 'Credentials']],
      faults: [
        'StorageException',
        'InvalidCredentialsException',
        'NoSuchReasonException',
        'InvalidDataException',
        'RemoteException',
      ],
    },
    downgrade: {
      style: 'bare',
      request: [
        ['ctx', 'Context'],
        ['auth', 'Credentials'],
      ],
      faults: F_DELETE,
    },
    enable: {
      style: 'bare',
      request: [
        ['ctx', 'Context'],
        ['auth', 'Credentials'],
      ],
      faults: F,
    },
    enableAll: {
      style: 'bare',
      request: [['auth', 'Credentials']],
      faults: ['StorageException', 'InvalidCredentialsException', 'RemoteException'],
    },
    exists: {
      style: 'wrapped',
      request: [
        ['ctx', 'Context'],
        ['auth', 'Credentials'],
      ],
      response: ['boolean', 'notNil'],
      faults: F_LIST,
    },
    existsInServer: {
      style: 'wrapped',
      request: [
        ['ctx', 'Context'],
        ['auth', 'Credentials'],
      ],
      response: ['boolean', 'notNil'],
      faults: F_LIST,
    },
    getAccessCombinationName: {
      style: 'wrapped',
      request: [
        ['ctx', 'Context'],
        ['auth', 'Credentials'],
      ],
      response: ['string'],
      faults: F,
    },
    getAdminId: {
      style: 'wrapped',
      request: [
        ['ctx', 'Context'],
        ['auth', 'Credentials'],
      ],
      response: ['int', 'notNil'],
      faults: ['StorageException', 'InvalidCredentialsException', 'NoSuchContextException', 'RemoteException'],
    },
    getContextCapabilities: {
      style: 'wrapped',
      request: [
        ['ctx', 'Context'],
        ['auth', 'Credentials'],
      ],
      response: ['string'],
      faults: F,
    },
    getData: {
      style: 'wrapped',
      request: [
        ['ctx', 'Context'],
        ['auth', 'Credentials'],
      ],
      response: ['Context'],
      faults: F,
    },
    getModuleAccess: {
      style: 'wrapped',
      request: [
        ['ctx', 'Context'],
        ['auth', 'Credentials'],
      ],
      response: ['UserModuleAccess'],
      faults: F,
    },
    list: {
      style: 'wrapped',
      request: [
        ['search_pattern', 'string'],
        ['auth', 'Credentials'],
      ],
      response: ['Context', 'many'],
      faults: F_LIST,
    },
    listAll: { style: 'wrapped', request: [['auth', 'Credentials']], response: ['Context', 'many'], faults: F_LIST },
    listByDatabase: {
      style: 'wrapped',
      request: [
        ['db', 'Database'],
        ['auth', 'Credentials'],
      ],
      response: ['Context', 'many'],
      faults: [...F_LIST, 'NoSuchDatabaseException'],
    },
    listByFilestore: {
      style: 'wrapped',
      request: [
        ['fs', 'Filestore'],
        ['auth', 'Credentials'],
      ],
      response: ['Context', 'many'],
      faults: [...F_LIST, 'NoSuchFilestoreException'],
    },
    listPage: {
      style: 'wrapped',
      request: [
        ['search_pattern', 'string'],
        ['offset', 'string'],
        ['length', 'string'],
        ['auth', 'Credentials'],
      ],
      response: ['Context', 'many'],
      faults: F_LIST,
    },
    listPageAll: {
      style: 'wrapped',
      request: [
        ['offset', 'string'],
        ['length', 'string'],
        ['auth', 'Credentials'],
      ],
      response: ['Context', 'many'],
      faults: F_LIST,
    },
    listPageByDatabase: {
      style: 'wrapped',
      request: [
        ['db', 'Database'],
        ['offset', 'string'],
        ['length', 'string'],
        ['auth', 'Credentials'],
      ],
      response: ['Context', 'many'],
      faults: [...F_LIST, 'NoSuchDatabaseException'],
    },
    listPageByFilestore: {
      style: 'wrapped',
      request: [
        ['fs', 'Filestore'],
        ['offset', 'string'],
        ['length', 'string'],
        ['auth', 'Credentials'],
      ],
      response: ['Context', 'many'],
      faults: [...F_LIST, 'NoSuchFilestoreException'],
    },
    listQuota: {
      style: 'wrapped',
      request: [
        ['ctx', 'Context'],
        ['auth', 'Credentials'],
      ],
      response: ['Quota', 'many'],
      faults: F,
    },
    moveContextDatabase: {
      style: 'wrapped',
      request: [
        ['ctx', 'Context'],
        ['dst_database_id', 'Database'],
        ['auth', 'Credentials'],
      ],
      response: ['int', 'notNil'],
      faults: [
        'StorageException',
        'InvalidCredentialsException',
        'InvalidDataException',
        'OXContextException',
        'NoSuchContextException',
        'RemoteException',
        'DatabaseUpdateException',
      ],
    },
    moveContextFilestore: {
      style: 'wrapped',
      request: [
        ['ctx', 'Context'],
        ['dst_filestore_id', 'Filestore'],
        ['auth', 'Credentials'],
      ],
      response: ['int', 'notNil'],
      faults: [...F_DISABLE, 'NoSuchFilestoreException'],
    },
  },
} as const;
