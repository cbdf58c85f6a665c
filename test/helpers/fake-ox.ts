// A tiny in-memory OX for unit tests of the engine and handlers (integration tests use the real emulator).
type Obj = Record<string, unknown>;

export class FakeOxError extends Error {
  constructor(
    readonly kind: string,
    message: string,
  ) {
    super(message);
  }
}

export class FakeOx {
  calls: string[] = [];
  contexts = new Map<number, Obj>();
  users = new Map<number, Map<number, Obj>>();
  groups = new Map<number, Map<number, Obj>>();
  access = new Map<string, Obj>();
  private seq = new Map<number, number>();
  down = false;

  private next(ctx: number): number {
    const n = (this.seq.get(ctx) ?? 2) + 1;
    this.seq.set(ctx, n);
    return n;
  }

  usersIn(ctx: number): Obj[] {
    return [...(this.users.get(ctx)?.values() ?? [])];
  }

  async call(service: string, op: string, args: Obj): Promise<unknown> {
    this.calls.push(`${service}.${op}`);
    if (this.down) throw new FakeOxError('transient', 'connection refused');
    const ctxId = (args.ctx as { id: number } | undefined)?.id;
    const users = ctxId !== undefined ? this.users.get(ctxId) : undefined;
    const key = `${service}.${op}`;
    switch (key) {
      case 'OXContextService.create': {
        const ctx = args.ctx as Obj;
        if (this.contexts.has(ctx.id as number)) throw new FakeOxError('alreadyExists', 'Context already exists');
        this.contexts.set(ctx.id as number, { ...ctx });
        this.users.set(ctx.id as number, new Map([[2, { id: 2, name: (args.admin_user as Obj).name }]]));
        this.groups.set(ctx.id as number, new Map([[1, { id: 1, name: 'users', members: [2] }]]));
        return { ...ctx };
      }
      case 'OXContextService.change': {
        const c = this.contexts.get(ctxId!);
        if (!c) throw new FakeOxError('notFound', `Context ${ctxId} does not exist`);
        Object.assign(c, args.ctx);
        return undefined;
      }
      case 'OXContextService.delete':
        if (!this.contexts.delete(ctxId!)) throw new FakeOxError('notFound', `Context ${ctxId} does not exist`);
        this.users.delete(ctxId!);
        return undefined;
      case 'OXUserService.create':
      case 'OXUserService.createByModuleAccess': {
        if (!users) throw new FakeOxError('notFound', 'no context');
        const u = args.usrdata as Obj;
        if ([...users.values()].some((x) => x.name === u.name))
          throw new FakeOxError('alreadyExists', `User ${String(u.name)} already exists`);
        const id = this.next(ctxId!);
        users.set(id, { ...u, id });
        if (args.access) this.access.set(`${ctxId}/${id}`, args.access as Obj);
        this.groups.get(ctxId!)!.get(1)!.members = [
          ...((this.groups.get(ctxId!)!.get(1)!.members as number[]) ?? []),
          id,
        ];
        return { ...u, id };
      }
      case 'OXUserService.getData': {
        const ref = args.user as Obj;
        const u = [...(users?.values() ?? [])].find((x) =>
          ref.id !== undefined ? x.id === ref.id : x.name === ref.name,
        );
        if (!u) throw new FakeOxError('notFound', 'No such user');
        return { ...u };
      }
      case 'OXUserService.change': {
        const u = args.usrdata as Obj;
        const existing = users?.get(u.id as number);
        if (!existing) throw new FakeOxError('notFound', `No such user ${String(u.id)}`);
        Object.assign(existing, u);
        return undefined;
      }
      case 'OXUserService.changeByModuleAccess':
        this.access.set(`${ctxId}/${String((args.user as Obj).id)}`, args.moduleAccess as Obj);
        return undefined;
      case 'OXUserService.delete': {
        const id = (args.user as Obj).id as number;
        if (!users?.delete(id)) throw new FakeOxError('notFound', `No such user ${id}`);
        for (const g of this.groups.get(ctxId!)?.values() ?? [])
          g.members = (g.members as number[]).filter((m) => m !== id);
        return undefined;
      }
      case 'OXGroupService.listGroupsForUser': {
        const id = (args.usr as Obj).id as number;
        return [...(this.groups.get(ctxId!)?.values() ?? [])]
          .filter((g) => (g.members as number[]).includes(id))
          .map((g) => ({ ...g }));
      }
      case 'OXGroupService.delete':
        this.groups.get(ctxId!)?.delete((args.grp as Obj).id as number);
        return undefined;
      case 'OXUserCopyService.copyUser': {
        const src = this.users.get((args.src as Obj).id as number);
        const dest = (args.dest as Obj).id as number;
        const u = src?.get((args.user as Obj).id as number);
        if (!u) throw new FakeOxError('notFound', 'No such user');
        const destUsers = this.users.get(dest)!;
        if ([...destUsers.values()].some((x) => x.name === u.name))
          throw new FakeOxError('alreadyExists', 'User exists');
        const id = this.next(dest);
        destUsers.set(id, { ...u, id });
        return { id };
      }
      default:
        throw new Error(`FakeOx: ${key} not implemented`);
    }
  }
}
