// A tiny in-memory OX for unit tests of the engine and handlers (integration tests use the real emulator). Typed
// like the port it stands in for: each operation it answers takes the schema's arguments and returns its result.
import type { OperationName, ServiceName } from '../../src/ox/schema/index.js';
import type {
  Context,
  Group,
  OxArgs,
  OxCall,
  OxPartialResult,
  OxResult,
  OxResultMember,
  User,
  UserModuleAccess,
} from '../../src/ox/types.js';
import type { OxApi } from '../../src/provisioning/ox-port.js';

export class FakeOxError extends Error {
  constructor(
    readonly kind: string,
    message: string,
  ) {
    super(message);
  }
}

/** The operations a fake answers, each typed by the schema. */
type FakeOperations = {
  [S in ServiceName]?: { [O in OperationName<S>]?: (args: OxArgs<S, O>) => OxResult<S, O> };
};

export class FakeOx implements OxCall {
  calls: string[] = [];
  contexts = new Map<number, Context>();
  users = new Map<number, Map<number, User>>();
  groups = new Map<number, Map<number, Group>>();
  access = new Map<string, UserModuleAccess | null | undefined>();
  private seq = new Map<number, number>();
  down = false;
  /** Runs before every call (after it is counted): a test throws from here to make OX refuse something. */
  beforeCall: ((key: string, args: Readonly<Record<string, unknown>>) => void) | undefined;
  /** Runs after every call that succeeded, before its answer is returned. */
  afterCall: ((key: string) => void) | undefined;

  private next(ctx: number): number {
    const n = (this.seq.get(ctx) ?? 2) + 1;
    this.seq.set(ctx, n);
    return n;
  }

  usersIn(ctx: number): User[] {
    return [...(this.users.get(ctx)?.values() ?? [])];
  }

  private usersOf(ctx: { id?: number | null } | null | undefined): Map<number, User> | undefined {
    return typeof ctx?.id === 'number' ? this.users.get(ctx.id) : undefined;
  }

  private groupsOf(ctx: { id?: number | null } | null | undefined): Map<number, Group> | undefined {
    return typeof ctx?.id === 'number' ? this.groups.get(ctx.id) : undefined;
  }

  private createUser(ctx: Context | null | undefined, u: User, access?: UserModuleAccess | null): User {
    const users = this.usersOf(ctx);
    if (!users || typeof ctx?.id !== 'number') throw new FakeOxError('notFound', 'no context');
    if ([...users.values()].some((x) => x.name === u.name))
      throw new FakeOxError('alreadyExists', `User ${String(u.name)} already exists`);
    const id = this.next(ctx.id);
    users.set(id, { ...u, id });
    if (access) this.access.set(`${ctx.id}/${id}`, access);
    const all = this.groups.get(ctx.id)!.get(1)!;
    all.members = [...(all.members ?? []), id];
    return { ...u, id };
  }

  private readonly operations: FakeOperations = {
    OXContextService: {
      create: ({ ctx, admin_user }) => {
        const id = ctx?.id;
        if (typeof id !== 'number') throw new FakeOxError('invalidData', 'no context id');
        if (this.contexts.has(id)) throw new FakeOxError('alreadyExists', 'Context already exists');
        this.contexts.set(id, { ...ctx });
        this.users.set(id, new Map([[2, { id: 2, name: admin_user?.name }]]));
        this.groups.set(id, new Map([[1, { id: 1, name: 'users', members: [2] }]]));
        return { ...ctx };
      },
      change: ({ ctx }) => {
        const c = typeof ctx?.id === 'number' ? this.contexts.get(ctx.id) : undefined;
        if (!c) throw new FakeOxError('notFound', `Context ${ctx?.id} does not exist`);
        Object.assign(c, ctx);
        return undefined;
      },
      delete: ({ ctx }) => {
        const id = ctx?.id;
        if (typeof id !== 'number' || !this.contexts.delete(id))
          throw new FakeOxError('notFound', `Context ${id} does not exist`);
        this.users.delete(id);
        return undefined;
      },
    },
    OXUserService: {
      create: ({ ctx, usrdata }) => this.createUser(ctx, usrdata ?? {}),
      createByModuleAccess: ({ ctx, usrdata, access }) => this.createUser(ctx, usrdata ?? {}, access),
      getData: ({ ctx, user }) => {
        const u = [...(this.usersOf(ctx)?.values() ?? [])].find((x) =>
          user?.id !== undefined ? x.id === user.id : x.name === user?.name,
        );
        if (!u) throw new FakeOxError('notFound', 'No such user');
        return { ...u };
      },
      change: ({ ctx, usrdata }) => {
        const existing = typeof usrdata?.id === 'number' ? this.usersOf(ctx)?.get(usrdata.id) : undefined;
        if (!existing) throw new FakeOxError('notFound', `No such user ${String(usrdata?.id)}`);
        Object.assign(existing, usrdata);
        return undefined;
      },
      changeByModuleAccess: ({ ctx, user, moduleAccess }) => {
        this.access.set(`${ctx?.id}/${String(user?.id)}`, moduleAccess);
        return undefined;
      },
      delete: ({ ctx, user }) => {
        const id = user?.id;
        if (typeof id !== 'number' || !this.usersOf(ctx)?.delete(id))
          throw new FakeOxError('notFound', `No such user ${id}`);
        for (const g of this.groupsOf(ctx)?.values() ?? []) g.members = (g.members ?? []).filter((m) => m !== id);
        return undefined;
      },
    },
    OXGroupService: {
      listGroupsForUser: ({ ctx, usr }) =>
        [...(this.groupsOf(ctx)?.values() ?? [])]
          .filter((g) => typeof usr?.id === 'number' && (g.members ?? []).includes(usr.id))
          .map((g) => ({ ...g })),
      delete: ({ ctx, grp }) => {
        if (typeof grp?.id === 'number') this.groupsOf(ctx)?.delete(grp.id);
        return undefined;
      },
    },
    OXUserCopyService: {
      copyUser: ({ src, dest, user }) => {
        const u = typeof user?.id === 'number' ? this.usersOf(src)?.get(user.id) : undefined;
        if (!u) throw new FakeOxError('notFound', 'No such user');
        const destUsers = this.usersOf(dest)!;
        if ([...destUsers.values()].some((x) => x.name === u.name))
          throw new FakeOxError('alreadyExists', 'User exists');
        const id = this.next(dest!.id!);
        destUsers.set(id, { ...u, id });
        return { id };
      },
    },
  };

  call<S extends ServiceName, O extends OperationName<S>>(
    service: S,
    operation: O,
    args: OxArgs<S, O>,
  ): Promise<OxResult<S, O>>;
  call<S extends ServiceName, O extends OperationName<S>, K extends OxResultMember<S, O>>(
    service: S,
    operation: O,
    args: OxArgs<S, O>,
    options: { readonly only: readonly K[] },
  ): Promise<OxPartialResult<S, O, K>>;
  // With `only`, the fake answers in full: a port may leave the other members out, it need not.
  async call<S extends ServiceName, O extends OperationName<S>, K extends OxResultMember<S, O>>(
    service: S,
    operation: O,
    args: OxArgs<S, O>,
  ): Promise<OxResult<S, O> | OxPartialResult<S, O, K>> {
    const key = `${service}.${operation}`;
    this.calls.push(key);
    if (this.down) throw new FakeOxError('transient', 'connection refused');
    this.beforeCall?.(key, args);
    const answer = this.operations[service]?.[operation];
    if (!answer) throw new Error(`FakeOx: ${key} not implemented`);
    const result = answer(args);
    this.afterCall?.(key);
    return result;
  }
}

/**
 * A port from one untyped function, for tests whose fake answers every operation alike (a retry counter, a
 * recorder). The schema types stop at this boundary on purpose: such a fake does not model any one operation.
 */
export function untypedOx(call: (service: string, operation: string, args: object) => Promise<unknown>): OxApi {
  return { call } as unknown as OxApi;
}
