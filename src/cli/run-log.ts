// The log of `ox-connector run`: stdout or OX_CONNECTOR_LOG_FILE, text or JSON (config/log-settings.ts), reopened
// on SIGHUP (logrotate's postrotate, `systemctl reload`), with a start line and a shutdown line so an
// administrator sees in the log itself which version ran on which data directory and when it stopped (issue 17
// item 5, decision 0297).
import type { LogOutputSettings } from '../config/log-settings.js';
import type { Settings } from '../config/settings.js';
import { openLogFile, type LogFile } from '../ops/log-file.js';
import { createLogger, type Logger } from '../ops/log.js';
import type { LogLevel } from '../config/settings.js';
import { connectorVersion } from '../ops/version.js';

export interface RunLog {
  log: Logger;
  /** The start line: version, data directory, source, concurrency. */
  started(source: string, once: boolean): void;
  /** The shutdown line (the last one), then the file is closed. */
  stopped(reason: string): void;
}

/** A command's log on stdout or OX_CONNECTOR_LOG_FILE, reopened on SIGHUP; `close` stops listening and closes it. */
export interface CommandLog {
  log: Logger;
  file: LogFile | undefined;
  close(): void;
}

/**
 * The log of a long-running command (`run`, `ldap-sync`, `nubus-sync`): all of them write where the administrator
 * set OX_CONNECTOR_LOG_FILE, so one file holds the whole story. `logToStderr`: without a log file, lines go to
 * stderr (stdout carries `run --once --json`'s summary alone).
 */
export function openCommandLog(level: LogLevel, output: LogOutputSettings, logToStderr = false): CommandLog {
  const file: LogFile | undefined = output.file === undefined ? undefined : openLogFile(output.file);
  const write = file?.write ?? (logToStderr ? (line: string) => console.error(line) : undefined);
  const log = createLogger(level, write, '-', output.format);
  // Node ends the process on SIGHUP unless someone listens: a reload must never stop the service.
  const onHangup = () => {
    if (!file) {
      log.info('SIGHUP: logging to stdout, no log file to reopen');
      return;
    }
    try {
      file.reopen();
      log.info('SIGHUP: log file reopened', { file: file.path });
    } catch (err) {
      log.error(`SIGHUP: ${(err as Error).message}; still writing to the file opened before`);
    }
  };
  process.on('SIGHUP', onHangup);
  return {
    log,
    file,
    close() {
      process.off('SIGHUP', onHangup);
      file?.close();
    },
  };
}

/** `logToStderr`: see openCommandLog. */
export function openRunLog(settings: Settings, output: LogOutputSettings, logToStderr = false): RunLog {
  const { log, file, close } = openCommandLog(settings.logLevel, output, logToStderr);
  return {
    log,
    started(source, once) {
      log.info(`ox-connector ${connectorVersion()} started`, {
        version: connectorVersion(),
        data_dir: settings.dataDir,
        source,
        mode: once ? 'once' : 'service',
        concurrency: settings.concurrency,
        pid: process.pid,
        log_file: file?.path,
      });
    },
    stopped(reason) {
      log.info('ox-connector stopped', { reason, pid: process.pid });
      close();
    },
  };
}
