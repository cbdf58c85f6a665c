/**
 * OXGroupService (docs/reference/ox-soap-operations.md): context-admin credentials. `User` here is the reduced
 * UserCore variant.
 */
const F_CTX = [
  'StorageException',
  'InvalidCredentialsException',
  'InvalidDataException',
  'NoSuchContextException',
  'RemoteException',
  'DatabaseUpdateException',
] as const;
/** Operations on one existing group. */
const F_GROUP = [
  'StorageException',
  'InvalidCredentialsException',
  'InvalidDataException',
  'NoSuchGroupException',
  'NoSuchContextException',
  'RemoteException',
  'DatabaseUpdateException',
] as const;
/** Group operations that also name users. */
const F_MEMBERS = [
  'StorageException',
  'InvalidCredentialsException',
  'InvalidDataException',
  'NoSuchGroupException',
  'NoSuchContextException',
  'RemoteException',
  'NoSuchUserException',
  'DatabaseUpdateException',
] as const;

export const OX_GROUP_SERVICE = {
  ns: 'tns',
  port: 'OXGroupServiceHttpSoap11Endpoint',
  credentials: 'contextAdmin',
  operations: {
    addMember: {
      style: 'bare',
      request: [
        ['ctx', 'Context'],
        ['grp', 'Group'],
        ['members', 'UserCore', 'many'],
        ['auth', 'Credentials'],
      ],
      faults: F_MEMBERS,
    },
    change: {
      style: 'bare',
      request: [
        ['ctx', 'Context'],
        ['grp', 'Group'],
        ['auth', 'Credentials'],
      ],
      faults: F_MEMBERS,
    },
    create: {
      style: 'wrapped',
      request: [
        ['ctx', 'Context'],
        ['grp', 'Group'],
        ['auth', 'Credentials'],
      ],
      response: ['Group'],
      faults: [
        'StorageException',
        'InvalidCredentialsException',
        'InvalidDataException',
        'NoSuchContextException',
        'RemoteException',
        'NoSuchUserException',
        'DatabaseUpdateException',
      ],
    },
    delete: {
      style: 'bare',
      request: [
        ['ctx', 'Context'],
        ['grp', 'Group'],
        ['auth', 'Credentials'],
      ],
      faults: F_GROUP,
    },
    deleteMultiple: {
      style: 'bare',
      request: [
        ['ctx', 'Context'],
        ['grps', 'Group', 'many'],
        ['auth', 'Credentials'],
      ],
      faults: F_GROUP,
    },
    getData: {
      style: 'wrapped',
      request: [
        ['ctx', 'Context'],
        ['grp', 'Group'],
        ['auth', 'Credentials'],
      ],
      response: ['Group'],
      faults: F_GROUP,
    },
    getDefaultGroup: {
      style: 'wrapped',
      request: [
        ['ctx', 'Context'],
        ['auth', 'Credentials'],
      ],
      response: ['Group'],
      faults: F_CTX,
    },
    getMembers: {
      style: 'wrapped',
      request: [
        ['ctx', 'Context'],
        ['grp', 'Group'],
        ['auth', 'Credentials'],
      ],
      response: ['UserCore', 'many'],
      faults: F_GROUP,
    },
    getMultipleData: {
      style: 'wrapped',
      request: [
        ['ctx', 'Context'],
        ['grps', 'Group', 'many'],
        ['auth', 'Credentials'],
      ],
      response: ['Group', 'many'],
      faults: F_GROUP,
    },
    list: {
      style: 'wrapped',
      request: [
        ['ctx', 'Context'],
        ['pattern', 'string'],
        ['auth', 'Credentials'],
      ],
      response: ['Group', 'many'],
      faults: F_CTX,
    },
    listAll: {
      style: 'wrapped',
      request: [
        ['ctx', 'Context'],
        ['auth', 'Credentials'],
      ],
      response: ['Group', 'many'],
      faults: F_CTX,
    },
    listGroupsForUser: {
      style: 'wrapped',
      request: [
        ['ctx', 'Context'],
        ['usr', 'UserCore'],
        ['auth', 'Credentials'],
      ],
      response: ['Group', 'many'],
      faults: [
        'StorageException',
        'InvalidCredentialsException',
        'InvalidDataException',
        'NoSuchContextException',
        'RemoteException',
        'NoSuchUserException',
        'DatabaseUpdateException',
      ],
    },
    removeMember: {
      style: 'bare',
      request: [
        ['ctx', 'Context'],
        ['grp', 'Group'],
        ['members', 'UserCore', 'many'],
        ['auth', 'Credentials'],
      ],
      faults: F_MEMBERS,
    },
  },
} as const;
