/** The context and what the server keeps it on: databases, filestores, quotas, servers (OXContextService, OXUtilService). The format of an entry: ../types.ts. */
export const CONTEXT_TYPES = {
  Context: {
    xmlName: 'Context',
    ns: 'do',
    members: [
      ['average_size', 'long'],
      ['enabled', 'boolean'],
      ['filestoreId', 'int'],
      ['filestore_name', 'string'],
      ['id', 'int'],
      ['loginMappings', 'string', 'many'],
      ['maxQuota', 'long'],
      ['name', 'string'],
      ['readDatabase', 'Database'],
      ['usedQuota', 'long'],
      ['userAttributes', 'SOAPStringMapMap'],
      ['writeDatabase', 'Database'],
      ['gabMode', 'string'],
    ],
  },
  Database: {
    xmlName: 'Database',
    ns: 'do',
    members: [
      ['currentUnits', 'int'],
      ['driver', 'string'],
      ['id', 'int'],
      ['login', 'string'],
      ['master', 'boolean'],
      ['masterId', 'int'],
      ['maxUnits', 'int'],
      ['name', 'string'],
      ['password', 'string'],
      ['poolHardLimit', 'int'],
      ['poolInitial', 'int'],
      ['poolMax', 'int'],
      ['read_id', 'int'],
      ['scheme', 'string'],
      ['url', 'string'],
    ],
  },
  Filestore: {
    xmlName: 'Filestore',
    ns: 'do',
    members: [
      ['currentContexts', 'int'],
      ['id', 'int'],
      ['maxContexts', 'int'],
      ['reserved', 'long'],
      ['size', 'long'],
      ['url', 'string'],
      ['used', 'long'],
    ],
  },
  Quota: {
    xmlName: 'Quota',
    ns: 'rmido',
    members: [
      ['module', 'string'],
      ['limit', 'long', 'required'],
    ],
  },
  SchemaSelectStrategy: {
    xmlName: 'SchemaSelectStrategy',
    ns: 'do',
    members: [
      ['schema_name', 'string'],
      ['strategy', 'string'],
    ],
  },
  Server: {
    xmlName: 'Server',
    ns: 'do',
    members: [
      ['id', 'int'],
      ['name', 'string'],
    ],
  },
  MaintenanceReason: {
    xmlName: 'MaintenanceReason',
    ns: 'do',
    members: [
      ['id', 'int'],
      ['idset', 'boolean', 'notNil'],
      ['text', 'string'],
      ['textset', 'boolean', 'notNil'],
    ],
  },
  CheckedDatabases: {
    xmlName: 'CheckedDatabases',
    ns: 'do',
    members: [
      ['needsupdate', 'Database', 'many'],
      ['blocked', 'Database', 'many'],
      ['outdated', 'Database', 'many'],
    ],
  },
} as const;
