/** Groups and resources (OXGroupService, OXResourceService). The format of an entry: ../types.ts. */
export const GROUP_AND_RESOURCE_TYPES = {
  Group: {
    xmlName: 'Group',
    ns: 'do',
    members: [
      ['displayname', 'string'],
      ['id', 'int'],
      ['members', 'int', 'many'],
      ['name', 'string'],
    ],
  },
  Resource: {
    xmlName: 'Resource',
    ns: 'do',
    members: [
      ['available', 'boolean'],
      ['description', 'string'],
      ['displayname', 'string'],
      ['email', 'string'],
      ['id', 'int'],
      ['name', 'string'],
      ['permissions', 'ResourcePermission', 'many'],
    ],
  },
  ResourcePermission: {
    xmlName: 'ResourcePermission',
    ns: 'do',
    members: [
      ['entity', 'int', 'notNil'],
      ['group', 'boolean', 'notNil'],
      ['privilege', 'string', 'notNil'],
    ],
  },
} as const;
