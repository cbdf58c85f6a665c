/**
 * OXUtilService (docs/reference/ox-soap-operations.md): master credentials. Registration and listing of servers,
 * databases, filestores.
 */
const F = ['StorageException', 'InvalidCredentialsException', 'InvalidDataException', 'RemoteException'] as const;

export const OX_UTIL_SERVICE = {
  ns: 'tns',
  port: 'OXUtilServiceHttpSoap12Endpoint',
  credentials: 'master',
  operations: {
    changeDatabase: {
      style: 'bare',
      request: [
        ['db', 'Database'],
        ['auth', 'Credentials'],
      ],
      faults: F,
    },
    changeFilestore: {
      style: 'bare',
      request: [
        ['fstore', 'Filestore'],
        ['auth', 'Credentials'],
      ],
      faults: F,
    },
    checkCountsConsistency: {
      style: 'bare',
      request: [
        ['checkDatabaseCounts', 'boolean'],
        ['checkFilestoreCounts', 'boolean'],
        ['auth', 'Credentials'],
      ],
      faults: ['StorageException', 'InvalidCredentialsException', 'RemoteException'],
    },
    checkDatabase: { style: 'wrapped', request: [['auth', 'Credentials']], response: ['CheckedDatabases'], faults: F },
    createMaintenanceReason: {
      style: 'wrapped',
      request: [
        ['reason', 'MaintenanceReason'],
        ['auth', 'Credentials'],
      ],
      response: ['MaintenanceReason'],
      faults: F,
    },
    createSchema: {
      style: 'wrapped',
      request: [
        ['auth', 'Credentials'],
        ['optDBId', 'int'],
      ],
      response: ['Database'],
      faults: F,
    },
    deleteMaintenanceReason: {
      style: 'bare',
      request: [
        ['reasons', 'MaintenanceReason', 'many'],
        ['auth', 'Credentials'],
      ],
      faults: F,
    },
    listAllDatabase: {
      style: 'wrapped',
      request: [['auth', 'Credentials']],
      response: ['Database', 'many'],
      faults: F,
    },
    listAllFilestore: {
      style: 'wrapped',
      request: [['auth', 'Credentials']],
      response: ['Filestore', 'many'],
      faults: F,
    },
    listAllMaintenanceReason: {
      style: 'wrapped',
      request: [['auth', 'Credentials']],
      response: ['MaintenanceReason', 'many'],
      faults: F,
    },
    listAllServer: { style: 'wrapped', request: [['auth', 'Credentials']], response: ['Server', 'many'], faults: F },
    listDatabase: {
      style: 'wrapped',
      request: [
        ['search_pattern', 'string'],
        ['auth', 'Credentials'],
      ],
      response: ['Database', 'many'],
      faults: F,
    },
    listFilestore: {
      style: 'wrapped',
      request: [
        ['search_pattern', 'string'],
        ['auth', 'Credentials'],
      ],
      response: ['Filestore', 'many'],
      faults: F,
    },
    listMaintenanceReason: {
      style: 'wrapped',
      request: [
        ['search_pattern', 'string'],
        ['auth', 'Credentials'],
      ],
      response: ['MaintenanceReason', 'many'],
      faults: F,
    },
    listServer: {
      style: 'wrapped',
      request: [
        ['search_pattern', 'string'],
        ['auth', 'Credentials'],
      ],
      response: ['Server', 'many'],
      faults: F,
    },
    registerDatabase: {
      style: 'wrapped',
      request: [
        ['db', 'Database'],
        ['createSchemas', 'boolean'],
        ['optNumberOfSchemas', 'int'],
        ['auth', 'Credentials'],
      ],
      response: ['Database'],
      faults: F,
    },
    registerFilestore: {
      style: 'wrapped',
      request: [
        ['fstore', 'Filestore'],
        ['auth', 'Credentials'],
      ],
      response: ['Filestore'],
      faults: F,
    },
    registerServer: {
      style: 'wrapped',
      request: [
        ['srv', 'Server'],
        ['auth', 'Credentials'],
      ],
      response: ['Server'],
      faults: F,
    },
    unblockDatabase: {
      style: 'wrapped',
      request: [
        ['db', 'Database'],
        ['auth', 'Credentials'],
      ],
      response: ['Database', 'many'],
      faults: F,
    },
    unregisterDatabase: {
      style: 'bare',
      request: [
        ['dbhandle', 'Database'],
        ['auth', 'Credentials'],
      ],
      faults: F,
    },
    unregisterFilestore: {
      style: 'bare',
      request: [
        ['store', 'Filestore'],
        ['auth', 'Credentials'],
      ],
      faults: F,
    },
    unregisterServer: {
      style: 'bare',
      request: [
        ['serv', 'Server'],
        ['auth', 'Credentials'],
      ],
      faults: F,
    },
  },
} as const;
