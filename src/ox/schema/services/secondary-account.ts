/**
 * OXSecondaryAccountService (docs/reference/ox-soap-operations.md): context-admin credentials. The context argument is
 * `context` (not `ctx`), and Context/User/Group are id-only variants.
 */
const F = [
  'RemoteException',
  'StorageException',
  'InvalidCredentialsException',
  'NoSuchContextException',
  'NoSuchUserException',
  'InvalidDataException',
  'DatabaseUpdateException',
] as const;

export const OX_SECONDARY_ACCOUNT_SERVICE = {
  ns: 'tns',
  port: 'OXSecondaryAccountServiceHttpSoap12Endpoint',
  credentials: 'contextAdmin',
  operations: {
    create: {
      style: 'bare',
      request: [
        ['accountDataOnCreate', 'AccountDataOnCreate'],
        ['context', 'IdOnlyContext'],
        ['users', 'IdOnlyUser', 'many'],
        ['groups', 'IdOnlyGroup', 'many'],
        ['auth', 'Credentials'],
      ],
      faults: F,
    },
    delete: {
      style: 'wrapped',
      request: [
        ['primaryAddress', 'string'],
        ['context', 'IdOnlyContext'],
        ['users', 'IdOnlyUser', 'many'],
        ['groups', 'IdOnlyGroup', 'many'],
        ['auth', 'Credentials'],
      ],
      response: ['boolean', 'notNil'],
      faults: F,
    },
    list: {
      style: 'wrapped',
      request: [
        ['context', 'IdOnlyContext'],
        ['users', 'IdOnlyUser', 'many'],
        ['groups', 'IdOnlyGroup', 'many'],
        ['auth', 'Credentials'],
      ],
      response: ['Account', 'many'],
      faults: F,
    },
    update: {
      style: 'wrapped',
      request: [
        ['primaryAddress', 'string'],
        ['accountDataUpdate', 'AccountDataUpdate'],
        ['context', 'IdOnlyContext'],
        ['users', 'IdOnlyUser', 'many'],
        ['groups', 'IdOnlyGroup', 'many'],
        ['auth', 'Credentials'],
      ],
      response: ['boolean', 'notNil'],
      faults: F,
    },
  },
} as const;
