// OXResourceService (docs/reference/ox-soap-contract.md): name, display name and mail address mandatory; names and
// addresses unique in the context; an empty description clears it.
import { authenticateContext } from './auth.js';
import type { ModelEnv, ServiceTable } from './env.js';
import { fault, invalidData, noSuchObjectByName } from './faults.js';
import type { ContextStore, ResourceRecord } from './store.js';
import { checkGroupOrResourceNameChars, isValidMailAddress } from './user-values.js';
import type { Resource } from '../../ox/types.js';
import { asObject, asObjectList, bool, idOf, int, likeMatcher, lc, nonEmpty, str } from './values.js';

export function resourceToWire(r: ResourceRecord): Resource {
  const out: Resource = { available: r.available, displayname: r.displayname, email: r.email, id: r.id, name: r.name };
  if (r.description !== undefined) out.description = r.description;
  if (r.permissions.length > 0) out.permissions = r.permissions.map((p) => ({ ...p }));
  return out;
}

function resolveResource(context: ContextStore, resArg: unknown, unknownIdMessage: string): ResourceRecord {
  const res = asObject(resArg);
  const id = idOf(res);
  if (id !== undefined) {
    const found = context.resources.get(id);
    if (!found) throw fault('NoSuchResourceException', unknownIdMessage);
    return found;
  }
  const name = nonEmpty(res, 'name');
  if (name === undefined) throw invalidData('One resourceobject has no resourceid or resourcename');
  const found = context.resourceByName(name);
  if (!found) throw noSuchObjectByName('NoSuchResourceException', `No such resource ${name} in context ${context.id}`);
  return found;
}

function permissionsFromWire(value: unknown): ResourceRecord['permissions'] {
  return asObjectList(value).map((p) => ({
    entity: int(p, 'entity') ?? 0,
    group: bool(p, 'group') ?? false,
    privilege: str(p, 'privilege') ?? '',
  }));
}

function checkEmail(context: ContextStore, email: string, self?: ResourceRecord): void {
  if (!isValidMailAddress(email)) throw invalidData('Invalid email address');
  const other = context.resourceByEmail(email);
  if (other && other !== self) throw invalidData('Resource with this email address already exists');
  const user = context.userByPrimaryMail(email);
  if (user)
    throw invalidData(
      `Primary mail address "${email}" already exists in context ${context.id} (Already assigned to user ${user.id}).`,
    );
}

/** The request members every operation of the service shares: the context and its admin's credentials. */
interface ContextArgs {
  ctx?: unknown;
  auth?: unknown;
}

const withContext =
  <A extends ContextArgs, R>(handler: (context: ContextStore, args: A, env: ModelEnv) => R) =>
  (env: ModelEnv, args: A): R =>
    handler(authenticateContext(env.options, env.registry, args.ctx, args.auth).context, args, env);

function listResources(context: ContextStore, pattern: string | undefined): Resource[] {
  const matches = likeMatcher(pattern, true);
  const result: Resource[] = [];
  for (const r of context.resources.values())
    if (matches(r.name) || lc(r.displayname) === lc(pattern ?? '')) result.push(resourceToWire(r));
  return result;
}

export const resourceService: ServiceTable<'OXResourceService'> = {
  create: withContext((context, args) => {
    const res: Resource = asObject(args.res) ?? {};
    const missing = (['name', 'displayname', 'email'] as const).filter((key) => nonEmpty(res, key) === undefined);
    if (missing.length > 0) throw invalidData(`Mandatory fields not set: [${missing.join(', ')}]`);
    const name = str(res, 'name') as string;
    checkGroupOrResourceNameChars(name);
    if (context.resourceByName(name)) throw invalidData(`Resource ${name} already exists in this context`);
    const email = str(res, 'email') as string;
    checkEmail(context, email);
    const resource: ResourceRecord = {
      id: context.nextPrincipalId(),
      name,
      displayname: str(res, 'displayname') as string,
      email,
      description: str(res, 'description'),
      available: bool(res, 'available') ?? true,
      permissions: permissionsFromWire(res.permissions),
    };
    context.addResource(resource);
    return resourceToWire(resource);
  }),

  change: withContext((context, args) => {
    const res: Resource = asObject(args.res) ?? {};
    const resource = resolveResource(context, res, 'Resource with this id does not exists');
    const next: ResourceRecord = { ...resource };
    const newName = idOf(res) !== undefined ? nonEmpty(res, 'name') : undefined;
    if (newName !== undefined && newName !== resource.name) {
      checkGroupOrResourceNameChars(newName);
      const other = context.resourceByName(newName);
      if (other && other !== resource) throw invalidData(`Resource ${newName} already exists in this context`);
      next.name = newName;
    }
    const email = nonEmpty(res, 'email');
    if (email !== undefined && lc(email) !== lc(resource.email)) checkEmail(context, email, resource);
    if (email !== undefined) next.email = email;
    const displayname = nonEmpty(res, 'displayname');
    if (displayname !== undefined) next.displayname = displayname;
    const description = str(res, 'description');
    if (description !== undefined) next.description = description;
    const available = bool(res, 'available');
    if (available !== undefined) next.available = available;
    // 8.x: the converter always sets the permission list, so a change without permissions removes them.
    next.permissions = permissionsFromWire(res.permissions);
    context.unindexResource(resource);
    Object.assign(resource, next);
    context.indexResource(resource);
    return undefined;
  }),

  delete: withContext((context, args) => {
    context.removeResource(resolveResource(context, args.res, 'Resource with this id does not exist'));
    return undefined;
  }),
  getData: withContext((context, args) =>
    resourceToWire(resolveResource(context, args.res, 'resource with with this id does not exist')),
  ),
  getMultipleData: withContext((context, args) =>
    asObjectList(args.resources).map((r) =>
      resourceToWire(resolveResource(context, r, 'resource with with this id does not exist')),
    ),
  ),
  list: withContext((context, args) => listResources(context, str(args, 'pattern'))),
  listAll: withContext((context) => listResources(context, '*')),
};
