// Issue 14 item 13: which data directory a command uses (src/config/data-dir.ts).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chooseDataDir, DataDirError, describeDataDirChoice, UCS_DATA_DIR } from '../../../src/config/data-dir.js';

const standIn = mkdtempSync(join(tmpdir(), 'oxc-ucs-stand-in-'));
afterAll(() => rmSync(standIn, { recursive: true, force: true }));

describe('chooseDataDir', () => {
  it('takes --data-dir first, then OX_CONNECTOR_DATA_DIR, then the UCS app path where it exists', () => {
    const env = { OX_CONNECTOR_DATA_DIR: '/from/env' };
    expect(chooseDataDir('/from/option', env, standIn)).toEqual({ dir: '/from/option', origin: '--data-dir' });
    expect(chooseDataDir(undefined, env, standIn)).toEqual({ dir: '/from/env', origin: 'OX_CONNECTOR_DATA_DIR' });
    expect(chooseDataDir(undefined, { OX_CONNECTOR_DATA_DIR: '  ' }, standIn)).toEqual({
      dir: standIn,
      origin: 'ucs-app',
    });
  });

  it('on a UCS host with the app, says in the start-up line that it took the app directory', () => {
    expect(describeDataDirChoice(chooseDataDir(undefined, {}, standIn))).toBe(
      `Data directory ${standIn}: the UCS app's directory, found on this host (no --data-dir or OX_CONNECTOR_DATA_DIR given)`,
    );
  });

  it('elsewhere refuses, naming both ways to choose — also when a file has the UCS path', () => {
    const file = join(standIn, 'a-file');
    writeFileSync(file, '');
    for (const ucs of [join(standIn, 'missing'), file]) {
      expect(() => chooseDataDir(undefined, {}, ucs)).toThrow(DataDirError);
      expect(() => chooseDataDir(undefined, {}, ucs)).toThrow(
        `No data directory given, and this is no UCS host with the OX Connector app (${ucs} does not exist): pass --data-dir DIR or set OX_CONNECTOR_DATA_DIR=DIR`,
      );
    }
  });

  it('the UCS app path is the one the manual names', () => {
    expect(UCS_DATA_DIR).toBe('/var/lib/univention-appcenter/apps/ox-connector/data');
  });
});
