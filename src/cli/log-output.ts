// Where a long-running command logs (OX_CONNECTOR_LOG_FILE, OX_CONNECTOR_LOG_FORMAT, decision 0297), or exit 2
// naming what is wrong: a setting that cannot be used is a configuration error in every command (decision 0301).
import { logOutputSettings, type LogOutputSettings } from '../config/log-settings.js';
import { SettingsError } from '../config/settings.js';
import { EXIT_USAGE } from './exit-codes.js';

export function logOutputOrExit(): LogOutputSettings {
  try {
    return logOutputSettings(process.env);
  } catch (err) {
    if (!(err instanceof SettingsError)) throw err;
    console.error(`ox-connector: configuration: ${err.message}`);
    process.exit(EXIT_USAGE);
  }
}
