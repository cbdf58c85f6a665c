/**
 * The one declarative description of OX App Suite's administrative SOAP API (see docs/decisions/0001).
 * Everything else in src/ox and the emulator's WSDL is derived from this data.
 */
import { OX_TYPES } from './types.js';
import { OX_FAULTS } from './faults.js';
import { NAMESPACES } from './namespaces.js';
import { OX_CONTEXT_SERVICE } from './services/context.js';
import { OX_USER_SERVICE } from './services/user.js';
import { OX_GROUP_SERVICE } from './services/group.js';
import { OX_RESOURCE_SERVICE } from './services/resource.js';
import { OX_USER_COPY_SERVICE } from './services/user-copy.js';
import { OX_SECONDARY_ACCOUNT_SERVICE } from './services/secondary-account.js';
import { OX_UTIL_SERVICE } from './services/util.js';
import { OX_DEPUTY_PERMISSIONS_SERVICE } from './services/deputy-permissions.js';

export { OX_TYPES, OX_FAULTS, NAMESPACES };
export type { FaultName } from './faults.js';
export type { NamespaceKey, DataNamespace, ServiceNamespace } from './namespaces.js';

export const OX_SERVICES = {
  OXContextService: OX_CONTEXT_SERVICE,
  OXUserService: OX_USER_SERVICE,
  OXGroupService: OX_GROUP_SERVICE,
  OXResourceService: OX_RESOURCE_SERVICE,
  OXUserCopyService: OX_USER_COPY_SERVICE,
  OXSecondaryAccountService: OX_SECONDARY_ACCOUNT_SERVICE,
  OXUtilService: OX_UTIL_SERVICE,
  OXDeputyPermissionsService: OX_DEPUTY_PERMISSIONS_SERVICE,
} as const;

export type Services = typeof OX_SERVICES;
export type ServiceName = keyof Services;
export type TypeKey = keyof typeof OX_TYPES;
export type OperationName<S extends ServiceName> = keyof Services[S]['operations'] & string;
/** XSD simple types the schema uses; any other member type is a TypeKey. */
export const SIMPLE_TYPES = ['string', 'int', 'long', 'boolean', 'date', 'base64Binary', 'anyType'] as const;
export type SimpleType = (typeof SIMPLE_TYPES)[number];
export type MemberFlag = 'many' | 'notNil' | 'required';
