// The OpenLDAP source: RFC 4533 syncrepl (refreshAndPersist) against slapd's syncprov, turned into UCS-format
// queue files under <data dir>/listener/ for the engine. See docs/architecture.md "sources/ldap".
import type Database from 'better-sqlite3';
import { caCertificatesDir } from '../../config/trust-store.js';
import { LdapConnection } from './connection.js';
import type { LdapMessage } from './protocol.js';
import { ResultCode } from './protocol.js';
import { SOURCE_FILTER, type LdapEntry } from './object-model.js';
import { type ProcessorStats, type SyncEvent, SyncProcessor } from './processor.js';
import { QueueWriter } from './queue-writer.js';
import { searchFailureMessage } from './result-codes.js';
import type { LdapSettings } from './settings.js';
import {
  decodeSyncDone,
  decodeSyncInfo,
  decodeSyncState,
  findControl,
  SYNC_DONE_OID,
  SYNC_INFO_OID,
  SYNC_STATE_OID,
  syncRequestControl,
} from './sync-protocol.js';

export { readLdapSettings, LdapSettingsError, type LdapSettings } from './settings.js';

export interface LdapSourceLogger {
  info(message: string): void;
  warning(message: string): void;
  error(message: string): void;
}

export interface LdapSourceOptions {
  settings: LdapSettings;
  db: Database.Database;
  dataDir: string;
  logger: LdapSourceLogger;
  /** One refresh (refreshOnly), write the files, then finish. */
  once?: boolean;
  /** Called after each committed batch (tests, benchmarks, the run loop's wake-up). */
  onCommit?: (stats: ProcessorStats) => void;
}

export interface LdapSource {
  /** once: resolves after the refresh is committed; otherwise after stop(). Rejects on fatal errors (bad credentials). */
  done: Promise<void>;
  /** Resolves when the first refresh is committed (the connector is in sync). */
  refreshed: Promise<void>;
  stop(): Promise<void>;
  stats: ProcessorStats;
}

const MAX_BACKOFF_MS = 30_000;
const FATAL_RESULT_CODES = new Set([
  32 /* noSuchObject: base */, 34 /* invalidDNSyntax */, 49 /* invalidCredentials */, 87 /* filterError */,
]);

function toEntry(message: LdapMessage): LdapEntry | undefined {
  if (message.op.kind !== 'searchResultEntry') return undefined;
  return { dn: message.op.dn, attributes: new Map(message.op.attributes.map((a) => [a.type.toLowerCase(), a.values])) };
}

/** Translates one protocol message of a sync search into processor events. */
export function syncEventsOf(message: LdapMessage): SyncEvent[] {
  if (message.op.kind === 'searchResultEntry') {
    const control = findControl(message.controls, SYNC_STATE_OID);
    if (!control?.value) return [];
    const state = decodeSyncState(control.value);
    return [
      { kind: 'entry', state: state.state, uuid: state.entryUUID, entry: toEntry(message)!, cookie: state.cookie },
    ];
  }
  if (message.op.kind === 'intermediateResponse' && message.op.name === SYNC_INFO_OID && message.op.value) {
    const info = decodeSyncInfo(message.op.value);
    switch (info.kind) {
      case 'newcookie':
        return [{ kind: 'cookie', cookie: info.cookie }];
      case 'syncIdSet':
        return [{ kind: 'uuids', refreshDeletes: info.refreshDeletes, uuids: info.uuids, cookie: info.cookie }];
      case 'refreshPresent':
        return info.refreshDone
          ? [{ kind: 'presentPhaseEnd' }, { kind: 'refreshDone', cookie: info.cookie }]
          : [{ kind: 'presentPhaseEnd', cookie: info.cookie }];
      case 'refreshDelete':
        return info.refreshDone
          ? [{ kind: 'refreshDone', cookie: info.cookie }]
          : info.cookie
            ? [{ kind: 'cookie', cookie: info.cookie }]
            : [];
    }
  }
  if (message.op.kind === 'searchResultDone') {
    const control = findControl(message.controls, SYNC_DONE_OID);
    const done = control?.value ? decodeSyncDone(control.value) : { refreshDeletes: false, cookie: undefined };
    return done.refreshDeletes
      ? [{ kind: 'refreshDone', cookie: done.cookie }]
      : [{ kind: 'presentPhaseEnd' }, { kind: 'refreshDone', cookie: done.cookie }];
  }
  return [];
}

export function startLdapSource(options: LdapSourceOptions): LdapSource {
  const { settings, logger } = options;
  const filter = settings.filter ? `(&${SOURCE_FILTER}${settings.filter})` : SOURCE_FILTER;
  const sourceKey = `${settings.uri}|${settings.base}|${filter}`;
  const writer = new QueueWriter(options.dataDir);
  const processor = new SyncProcessor(options.db, writer, sourceKey, settings.defaultContext);
  const caDirectory = caCertificatesDir(options.dataDir);
  for (const warning of settings.warnings ?? []) logger.warning(`LDAP source: ${warning}`);

  let stopped = false;
  let connection: LdapConnection | undefined;
  let wakeUp: (() => void) | undefined;
  let markRefreshed!: () => void;
  const refreshed = new Promise<void>((resolve) => (markRefreshed = resolve));

  /** One session: connect, bind, sync until the search ends or the connection drops. Returns true when refreshed. */
  async function session(): Promise<boolean> {
    const recovered = processor.recover(); // Files of a batch committed just before a crash, or orphans of one that was not.
    if (recovered.published > 0 || recovered.removed > 0)
      logger.info(
        `LDAP source: finished an interrupted batch (${recovered.published} queue file(s) published, ${recovered.removed} uncommitted temporary file(s) removed)`,
      );
    connection = await LdapConnection.connect({ uri: settings.uri, startTls: settings.startTls, caDirectory });
    if (settings.bindDn) await connection.bind(settings.bindDn, settings.bindPassword ?? '');
    const cookie = processor.storedCookie();
    processor.beginRefresh(cookie !== undefined);
    logger.info(
      `LDAP source: syncing ${settings.base} from ${settings.uri} (${cookie ? 'resuming from the stored cookie' : 'full load'})`,
    );

    const queue: SyncEvent[] = [];
    let scheduled = false;
    let failure: Error | undefined;
    let refreshCommitted = false;
    const drain = (): void => {
      scheduled = false;
      if (failure || queue.length === 0) return;
      const events = queue.splice(0, queue.length);
      try {
        processor.handleBatch(events);
        if (events.some((event) => event.kind === 'refreshDone')) {
          refreshCommitted = true;
          sessionSynced = true;
          markRefreshed();
          logger.info(
            `LDAP source: in sync (${processor.stats.written} written, ${processor.stats.deleted} deleted, ${processor.stats.unchanged} unchanged so far)`,
          );
        }
        options.onCommit?.(processor.stats);
      } catch (error) {
        failure = error as Error;
        logger.error(
          `LDAP source: could not queue ${events.length} change(s), will retry from the last cookie: ${failure.message}`,
        );
        connection?.close();
      }
    };
    const search = connection.search(
      { base: settings.base, scope: 'sub', filter, attributes: ['*'] },
      [syncRequestControl(options.once ? 'refreshOnly' : 'refreshAndPersist', cookie)],
      (message) => {
        try {
          queue.push(...syncEventsOf(message));
        } catch (error) {
          failure = new Error(`undecodable sync message: ${(error as Error).message}`);
          connection?.close();
          return;
        }
        if (!scheduled) {
          scheduled = true;
          setImmediate(drain);
        }
      },
    );
    const result = await search.done;
    if (result.op.kind !== 'searchResultDone') throw new Error('sync search ended without a result');
    const { resultCode } = result.op.result;
    if (resultCode === ResultCode.syncRefreshRequired) {
      logger.warning(
        'LDAP source: the server asks for a full reload (e-syncRefreshRequired); the stored cookie is dropped',
      );
      queue.length = 0;
      processor.resetCookie();
      return false;
    }
    if (resultCode !== 0) {
      const error = new Error(
        searchFailureMessage(settings.base, result.op.result, { bindDn: settings.bindDn, sync: true }),
      );
      (error as Error & { resultCode?: number }).resultCode = resultCode;
      throw error;
    }
    queue.push(...syncEventsOf(result));
    drain();
    if (failure) throw failure;
    connection.close();
    return refreshCommitted;
  }

  let sessionSynced = false; // A session that reached persist mode resets the back-off.
  const done = (async () => {
    let backoff = 1000;
    while (!stopped) {
      try {
        const complete = await session();
        if (options.once && complete) return;
        backoff = 1000;
      } catch (error) {
        connection?.close();
        if (stopped) break;
        const { resultCode: code, fatal } = error as { resultCode?: number; fatal?: boolean };
        if (fatal || (code !== undefined && FATAL_RESULT_CODES.has(code))) throw error;
        // --once is one attempt: a script or timer that runs it wants an error now, not a retry loop.
        if (options.once) throw error;
        if (sessionSynced) backoff = 1000;
        sessionSynced = false;
        logger.warning(`LDAP source: ${(error as Error).message}; reconnecting in ${Math.round(backoff / 1000)} s`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, backoff);
          wakeUp = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
      }
    }
  })();

  return {
    done,
    refreshed,
    stats: processor.stats,
    async stop() {
      stopped = true;
      connection?.close();
      wakeUp?.();
      await done.catch(() => undefined);
    },
  };
}
