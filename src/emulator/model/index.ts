// The OX App Suite semantics of the emulator: one object that answers decoded SOAP operations the way OX's
// admin services do (ids, uniqueness rules, partial change, faults and their texts). The HTTP/WSDL layer in
// src/emulator/ decodes requests into plain objects, calls `handle`, and encodes the result or the OxFault.
import { contextService } from './context-service.js';
import { deputyService } from './deputy-service.js';
import type { ServiceName } from '../../ox/schema/index.js';
import type { ModelEnv, ServiceTable } from './env.js';
import { OxFault } from './faults.js';
import { groupService } from './group-service.js';
import { resolveOptions, type OxModelOptions } from './options.js';
import { registryFromJSON, registryToJSON } from './persistence.js';
import { resourceService } from './resource-service.js';
import { secondaryAccountService } from './secondary-account-service.js';
import { Registry } from './store.js';
import { userCopyService } from './user-copy-service.js';
import { userService } from './user-service.js';
import { utilService } from './util-service.js';
import type { Obj } from './values.js';

export { OxFault, baseMessage } from './faults.js';
export type { OxModelOptions } from './options.js';

/** One table per service of the schema: a service missing here, or one the schema lacks, does not compile. */
const SERVICES: { readonly [S in ServiceName]: ServiceTable<S> } = {
  OXContextService: contextService,
  OXUserService: userService,
  OXGroupService: groupService,
  OXResourceService: resourceService,
  OXUserCopyService: userCopyService,
  OXSecondaryAccountService: secondaryAccountService,
  OXUtilService: utilService,
  OXDeputyPermissionsService: deputyService,
};

type LooseHandler = (env: ModelEnv, args: Obj) => unknown;

/** Operations that never change data (used to count revisions, e.g. to know when to save --state). */
const READ_ONLY = /^(get|list|exists|check)/;

export class OxModel {
  private readonly env: ModelEnv;
  private changes = 0;

  constructor(options: OxModelOptions, registry: Registry = new Registry()) {
    this.env = { options: resolveOptions(options), registry };
  }

  /**
   * Runs one operation. `args` are the decoded children of the request element; the result is the decoded
   * `return` value (undefined for bare/void operations). OX faults are thrown as OxFault, whose message is the
   * complete faultstring (including OX's "; exceptionId …").
   */
  handle(service: string, operation: string, args: Record<string, unknown>): unknown {
    // The wire layer has decoded `args` against the schema of this very operation: here, where the names are
    // only known at run time, each table is read as one of loosely typed handlers.
    const table: Readonly<Record<string, LooseHandler | undefined>> | undefined = Object.hasOwn(SERVICES, service)
      ? (SERVICES[service as ServiceName] as Readonly<Record<string, LooseHandler | undefined>>)
      : undefined;
    if (!table)
      throw new OxFault(
        'RemoteException',
        `Unknown service "${service}". Known services: ${Object.keys(SERVICES).join(', ')}`,
      );
    const handler = Object.hasOwn(table, operation) ? table[operation] : undefined;
    if (!handler) throw new OxFault('RemoteException', `Unknown operation "${operation}" of ${service}`);
    const result = handler(this.env, (args ?? {}) as Obj);
    if (!READ_ONLY.test(operation)) this.changes += 1;
    return result;
  }

  /** Number of successful data-changing calls so far: when it moves, the state is worth saving. */
  get revision(): number {
    return this.changes;
  }

  /** Whether a successful call of `operation` may change data (what the --state journal records). */
  static changesData(operation: string): boolean {
    return !READ_ONLY.test(operation);
  }

  /** The same data under another OX setup (replaying a --state journal with the setup it was written under). */
  withOptions(options: OxModelOptions): OxModel {
    return new OxModel(options, this.env.registry);
  }

  /** Operation names the model implements, per service (for the wire layer's tests and diagnostics). */
  static operations(): Record<string, string[]> {
    return Object.fromEntries(Object.entries(SERVICES).map(([name, table]) => [name, Object.keys(table).sort()]));
  }

  toJSON(): unknown {
    return registryToJSON(this.env.registry);
  }

  static fromJSON(data: unknown, options: OxModelOptions): OxModel {
    return new OxModel(options, registryFromJSON(data));
  }
}
