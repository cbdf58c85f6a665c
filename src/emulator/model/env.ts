// What every service handler gets: the resolved OX setup and the data.
import type { OperationName, ServiceName } from '../../ox/schema/index.js';
import type { OxArgs, OxResult } from '../../ox/types.js';
import type { ResolvedOptions } from './options.js';
import type { ContextStore, Registry } from './store.js';
import { fault } from './faults.js';
import { asObject, idOf } from './values.js';

export interface ModelEnv {
  options: ResolvedOptions;
  registry: Registry;
}

/**
 * One operation of the model: the decoded request in, the decoded `return` out, typed like OxCall's. Undefined
 * leaves the `return` element out (an empty list for list operations), as OX answers a grant that stores nothing.
 */
export type OperationHandler<S extends ServiceName, O extends OperationName<S>> = (
  env: ModelEnv,
  args: OxArgs<S, O>,
) => OxResult<S, O> | undefined;

/**
 * The operations of one service the model implements, typed against the same schema as the client's `call`: an
 * operation the schema does not have, a request member it lacks or a result of the wrong shape does not compile.
 * Each handler gets the decoded request, which the wire layer has already checked against the schema; what it
 * returns is encoded against the schema's `return` type.
 */
export type ServiceTable<S extends ServiceName> = { readonly [O in OperationName<S>]?: OperationHandler<S, O> };

/**
 * For the few paths where OX looks the context up *before* authenticating (user change/getData): the
 * context or OX's NoSuchContextException with the given text.
 */
export function existingContext(env: ModelEnv, ctxArg: unknown, message: (id: number) => string): ContextStore {
  const id = idOf(asObject(ctxArg));
  if (id === undefined) throw fault('InvalidCredentialsException', 'Client sent invalid context data object');
  const context = env.registry.contexts.get(id);
  if (!context) throw fault('NoSuchContextException', message(id));
  return context;
}
