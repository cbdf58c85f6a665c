// The registry object types plug into: one module per UDM type, each with its phase and its provision().
// Issue 4 (groups, resources, functional accounts, access profiles, deputies) registers its handlers here.
import type { ObjectHandler } from './types.js';
import { contextHandler } from './contexts/index.js';
import { userHandler } from './users/index.js';
import { withDependents } from './users/dependents.js';
import { groupHandler } from './groups/index.js';
import { withDeputyPermissions } from './deputy-permissions/index.js';
import { resourceHandler } from './resources/index.js';
import { accessProfileHandler } from './access-profiles/index.js';
import { functionalAccountHandler } from './functional-accounts/index.js';

export class HandlerRegistry {
  private readonly handlers = new Map<string, ObjectHandler>();

  register(handler: ObjectHandler): this {
    this.handlers.set(handler.udmType, handler);
    return this;
  }

  get(udmType: string): ObjectHandler | undefined {
    return this.handlers.get(udmType);
  }

  types(): string[] {
    return [...this.handlers.keys()];
  }
}

/** All handlers built into this version. */
export function defaultRegistry(): HandlerRegistry {
  return new HandlerRegistry()
    .register(contextHandler)
    .register(accessProfileHandler)
    .register(withDependents(withDeputyPermissions(userHandler)))
    .register(groupHandler)
    .register(functionalAccountHandler)
    .register(resourceHandler);
}
