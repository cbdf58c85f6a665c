/**
 * OXDeputyPermissionsService (OX App Suite 8+; docs/reference/ox-deputy-permissions.md): context-admin credentials,
 * context argument `context`. RECONSTRUCTED: no WSDL of this service was available. Operation names, argument names
 * and order, and the DeputyPermission/ModulePermission members are taken from the calls the original connector makes
 * (grant, revokeAll, blockManual, unblockManual; its wrapper also has list, get, update, revoke). The grantor
 * `user` is sent as a bare OX user id (as the original's code reads; whether OX wraps it as {id} is
 * unverified). The emulator serves exactly this contract (docs/decisions/0074).
 */
const F = [
  'RemoteException',
  'StorageException',
  'InvalidCredentialsException',
  'NoSuchContextException',
  'NoSuchUserException',
  'InvalidDataException',
] as const;

export const OX_DEPUTY_PERMISSIONS_SERVICE = {
  ns: 'tns',
  port: 'OXDeputyPermissionsServiceHttpSoap11Endpoint',
  credentials: 'contextAdmin',
  operations: {
    grant: {
      style: 'wrapped',
      request: [
        ['context', 'IdOnlyContext'],
        ['user', 'int'],
        ['deputyPermission', 'DeputyPermission'],
        ['auth', 'Credentials'],
      ],
      response: ['string'],
      faults: F,
    },
    update: {
      style: 'bare',
      request: [
        ['context', 'IdOnlyContext'],
        ['user', 'int'],
        ['deputyId', 'string'],
        ['deputyPermission', 'DeputyPermission'],
        ['auth', 'Credentials'],
      ],
      faults: F,
    },
    revoke: {
      style: 'bare',
      request: [
        ['context', 'IdOnlyContext'],
        ['user', 'int'],
        ['deputyId', 'string'],
        ['auth', 'Credentials'],
      ],
      faults: F,
    },
    revokeAll: {
      style: 'bare',
      request: [
        ['context', 'IdOnlyContext'],
        ['user', 'int'],
        ['auth', 'Credentials'],
      ],
      faults: F,
    },
    get: {
      style: 'wrapped',
      request: [
        ['context', 'IdOnlyContext'],
        ['user', 'int'],
        ['deputyId', 'string'],
        ['auth', 'Credentials'],
      ],
      response: ['DeputyPermission'],
      faults: F,
    },
    list: {
      style: 'wrapped',
      request: [
        ['context', 'IdOnlyContext'],
        ['user', 'int'],
        ['auth', 'Credentials'],
      ],
      response: ['DeputyPermission', 'many'],
      faults: F,
    },
    blockManual: {
      style: 'bare',
      request: [
        ['context', 'IdOnlyContext'],
        ['user', 'int'],
        ['auth', 'Credentials'],
      ],
      faults: F,
    },
    unblockManual: {
      style: 'bare',
      request: [
        ['context', 'IdOnlyContext'],
        ['user', 'int'],
        ['auth', 'Credentials'],
      ],
      faults: F,
    },
  },
} as const;
