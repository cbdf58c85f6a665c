// The requests our own client encodes, checked by a parser nobody on this team wrote: libxml2 (lxml) validates
// the operation element of every request of every service — all members set, only the required ones, all
// nillable ones nil — against the emulator's WSDL. This is what a strict OX would check of the wire form
// (prefixes, default namespace, propOrder, types), independent of our own decoder.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/index.js';
import { codec } from '../../../src/ox/index.js';
import { fullValue, minimalValue, nilValue } from '../../unit/ox/sample-values.js';
import { pythonReport, pythonWith } from '../../helpers/python.js';

const SCRIPT = fileURLToPath(new URL('./validate_requests.py', import.meta.url));
const python = pythonWith('lxml');

interface Report {
  checked: number;
  invalid: { service: string; operation: string; errors: string[] }[];
  names: [string, string, string][];
}

const operations = [...codec.allServices()].flatMap((s) => [...s.operations.values()]);
const requests = operations.flatMap((op) =>
  [fullValue(op.request), minimalValue(op.request), nilValue(op.request)].map((args) => ({
    service: op.service,
    operation: op.name,
    xml: codec.encodeRequest(op.service, op.name, args),
  })),
);

let emu: RunningEmulator;
let report: Report;

describe.skipIf(python === undefined && !process.env.CI)('our requests against the WSDL schemas (libxml2)', () => {
  beforeAll(async () => {
    emu = await startEmulator({ masterPassword: 'xsd-master' });
    const file = join(mkdtempSync(join(tmpdir(), 'oxc-requests-')), 'requests.json');
    writeFileSync(file, JSON.stringify(requests));
    report = await pythonReport<Report>(python ?? 'python3', SCRIPT, [emu.url, file]);
  }, 120_000);
  afterAll(() => emu?.close());

  it('checks every operation of every service, three ways', () => {
    expect(report.checked).toBe(requests.length);
    expect(requests.length).toBe(operations.length * 3);
    // libxml2 sees the operation element in the service's namespace (not in the default data-object one).
    for (const [service, operation, tag] of report.names) {
      const ns = codec.serviceMeta(service)!.nsUri;
      expect(tag, `${service}.${operation}`).toBe(`{${ns}}${operation}`);
    }
  });

  it('every request is valid', () => {
    expect(report.invalid).toEqual([]);
  });
});
