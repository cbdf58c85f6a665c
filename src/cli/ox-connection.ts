// The CLI's OX SOAP client (run and the administrator commands), with the same credentials the runner uses
// (OX_MASTER_PASSWORD / the credentials file's master entry, context admins from the credentials file).
import { credentialsFor } from '../engine/runner.js';
import type { CredentialsStore } from '../config/credentials.js';
import { loadSettings, SettingsError, type Settings } from '../config/settings.js';
import { OxClient, type SoapCallObserver } from '../ox/index.js';
import { dataDirOf } from './admin-common.js';
import { UsageError } from './exit-codes.js';

export function adminSettings(dataDir: string | undefined): Settings {
  try {
    return loadSettings(process.env, { dataDir: dataDirOf(dataDir) });
  } catch (err) {
    if (err instanceof SettingsError) throw new UsageError(`configuration: ${err.problems.join('; ')}`);
    throw err;
  }
}

/**
 * The one way the CLI builds its OX client (`run` and the administrator commands). `credentials`: the runner's
 * store, so that contexts it provisions are known to the client at once. `observer`: the metrics (`run` with HTTP).
 */
export function oxClientFor(
  settings: Settings,
  credentials: CredentialsStore = credentialsFor(settings),
  observer?: SoapCallObserver,
): OxClient {
  return new OxClient({
    observer,
    baseUrl: `${settings.soapServer.replace(/\/+$/, '')}/webservices`,
    timeoutMs: settings.soapTimeoutMs,
    caDir: settings.caDir,
    // One connection per call in flight: objects prepared ahead (OX_CONNECTOR_LOOKAHEAD) wait in the agent's
    // queue and are sent the moment a connection is free, so OX never sees more than the concurrency.
    maxSockets: settings.concurrency,
    credentials: {
      master: () => {
        const c = credentials.master();
        if (!c)
          throw new Error(
            `no OX master credentials (set OX_MASTER_PASSWORD or the "master" entry of ${credentials.path})`,
          );
        return { login: c.adminuser, password: c.adminpass };
      },
      contextAdmin: (id) => {
        const c = credentials.context(id);
        if (!c) throw new Error(`no admin credentials for context ${id} in ${credentials.path}`);
        return { login: c.adminuser, password: c.adminpass };
      },
    },
  });
}
