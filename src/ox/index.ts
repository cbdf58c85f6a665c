/** Public API of the OX SOAP layer (room `ox/`). */
export { OxClient, type OxClientOptions, type CredentialsProvider, type CallArgs } from './client.js';
export type { SoapCallEnded, SoapCallObserver } from './observer.js';
export { OxError, OxDecodeError, type OxErrorKind, type OxErrorDetails } from './errors.js';
export { classifyFault } from './classify.js';
export { MODULE_ACCESS_FLAGS, type ModuleAccessFlag } from './module-access.js';
export { OX_SERVICES, OX_TYPES, OX_FAULTS, NAMESPACES } from './schema/index.js';
export type { ServiceName, OperationName, TypeKey, FaultName } from './schema/index.js';
export type * from './types.js';
export * as codec from './codec/index.js';
