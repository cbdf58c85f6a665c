// The permission flags of an OX user (UserModuleAccess), taken from the one schema so that nobody lists them
// again: the emulator's access combinations and the connector's access profiles both start from this list.
import { OX_TYPES } from './schema/index.js';
import type { UserModuleAccess } from './types.js';

/** One member of UserModuleAccess, e.g. 'webmail'. */
export type ModuleAccessFlag = keyof UserModuleAccess & string;

/** Every UserModuleAccess member, in the schema's propOrder (the order OX sends them in). */
export const MODULE_ACCESS_FLAGS: readonly ModuleAccessFlag[] = OX_TYPES.UserModuleAccess.members.map(
  (member) => member[0],
);
