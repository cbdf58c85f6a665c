// OXUserCopyService.copyUser (docs/reference/ox-soap-contract.md): copies a user with its data into another context
// under a new id there; the source user stays (clients delete it themselves).
import { requireMaster } from './auth.js';
import type { ServiceTable } from './env.js';
import { fault, invalidData } from './faults.js';
import { copyAccess } from './module-access.js';
import type { ContextStore, UserRecord } from './store.js';
import { resolveUserByIdOrName, userIdOnlyToWireReduced } from './user-records.js';
import { asObject, idOf, isGiven } from './values.js';

function contextArg(contexts: Map<number, ContextStore>, arg: unknown): ContextStore {
  const id = idOf(asObject(arg));
  if (id === undefined) throw invalidData('Client sent invalid context data object');
  const context = contexts.get(id);
  if (!context) throw fault('NoSuchContextException', `Context ${id} does not exist`);
  return context;
}

export const userCopyService: ServiceTable<'OXUserCopyService'> = {
  copyUser(env, args) {
    requireMaster(env.options, args.auth);
    if (!isGiven(args.user)) throw invalidData('The given source user object is null');
    const src = contextArg(env.registry.contexts, args.src);
    const dest = contextArg(env.registry.contexts, args.dest);
    const source = resolveUserByIdOrName(src, args.user, (id) => `No such user ${id} in context ${src.id}`);
    if (dest.userByName(source.name))
      throw fault('UserExistsException', `User ${source.name} already exists in context ${dest.id}`);
    const primary = source.fields.primaryEmail;
    const holder = typeof primary === 'string' ? dest.userByPrimaryMail(primary) : undefined;
    if (holder) {
      throw invalidData(
        `Primary mail address "${String(primary)}" already exists in context ${dest.id} (Already assigned to user ${holder.id}).`,
      );
    }
    const copy: UserRecord = {
      ...structuredClone(source),
      id: dest.nextPrincipalId(),
      access: copyAccess(source.access),
      contextAdmin: false,
    };
    // Memberships do not travel: the copy is in the destination's group 1 only.
    dest.addUser(copy);
    return userIdOnlyToWireReduced(copy.id);
  },
};
