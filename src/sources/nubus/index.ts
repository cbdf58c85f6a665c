// The Nubus source: consumes a subscription of Univention's Provisioning API and writes its changes as queue files
// under <data dir>/listener/ for the engine (docs/architecture.md "sources/nubus").
export {
  readNubusAdmin,
  readNubusSettings,
  NubusSettingsError,
  STORED_PASSWORD_FILE,
  type NubusSettings,
} from './settings.js';
export { ProvisioningApiClient, ApiStatusError } from './api-client.js';
export { startNubusSource, NubusFatalError, type NubusSource, type NubusSourceStats } from './consumer.js';
export { NUBUS_TOPICS } from './message.js';
