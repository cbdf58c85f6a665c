// GET /webservices: the emulator's index names one WSDL address per service of the schema, at the address the
// client used.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/index.js';
import { OX_SERVICES } from '../../../src/ox/index.js';

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator({ port: 0, masterPassword: 'index-page-pw' });
});
afterAll(async () => {
  await emu.close();
});

it('lists every service of the schema with its WSDL address', async () => {
  const response = await fetch(emu.url);
  expect(response.status).toBe(200);
  const lines = (await response.text()).trimEnd().split('\n');
  expect(lines[0]).toBe('OX App Suite SOAP emulator. Services:');
  expect(lines.slice(1)).toEqual(Object.keys(OX_SERVICES).map((name) => `  ${emu.url}/${name}?wsdl`));
  expect(lines).toHaveLength(1 + 8);
});
