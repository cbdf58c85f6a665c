// An OX SOAP client for administrator commands, with the same credentials the runner uses
// (OX_MASTER_PASSWORD / the credentials file's master entry, context admins from the credentials file).
import { credentialsFor } from '../engine/runner.js';
import { loadSettings, SettingsError, type Settings } from '../config/settings.js';
import { OxClient } from '../ox/index.js';
import { dataDirOf } from './admin-common.js';

export function adminSettings(dataDir: string | undefined): Settings {
  try {
    return loadSettings(process.env, { dataDir: dataDirOf(dataDir) });
  } catch (err) {
    if (err instanceof SettingsError) throw new Error(`configuration: ${err.problems.join('; ')}`);
    throw err;
  }
}

export function oxClientFor(settings: Settings): OxClient {
  const credentials = credentialsFor(settings);
  return new OxClient({
    baseUrl: `${settings.soapServer.replace(/\/+$/, '')}/webservices`,
    timeoutMs: settings.soapTimeoutMs,
    caDir: settings.caDir,
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
