// `--latency-ms` is the emulated OX's response time (decision 0193): every answer, fault or not, leaves no
// earlier than the latency after the request, and the emulator's own work is done inside that time, not after it.
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OxModel } from '../../../src/emulator/model/index.js';
import { createEmulatorServer } from '../../../src/emulator/server.js';
import { OxClient } from '../../../src/ox/index.js';
import { oxFailure } from '../../helpers/ox-objects.js';

const LATENCY_MS = 300;
const auth = { login: 'oxadminmaster', password: 'master-secret' };
/** When the model was last asked (performance.now()). */
let handledAt = 0;
let server: ReturnType<typeof createEmulatorServer>;
let client: OxClient;

beforeAll(async () => {
  const model = new OxModel({ masterAdmin: auth.login, masterPassword: auth.password, uniqueDisplayNames: false });
  server = createEmulatorServer({
    model: {
      handle(service, operation, args) {
        handledAt = performance.now();
        return model.handle(service, operation, args);
      },
    },
    latencyMs: LATENCY_MS,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  client = new OxClient({ baseUrl: `http://127.0.0.1:${port}/webservices`, timeoutMs: 10_000 });
});
afterAll(async () => {
  client.close();
  await new Promise((resolve) => server.close(resolve));
});

describe('emulator latency', () => {
  it('answers no earlier than the latency, with the model asked at the start of it rather than at its end', async () => {
    const sent = performance.now();
    await client.call('OXContextService', 'listAll', { auth });
    const answered = performance.now();
    // Node's millisecond timer clock may fire a fraction of a millisecond early.
    expect(answered - sent).toBeGreaterThanOrEqual(LATENCY_MS - 2);
    expect(handledAt).toBeGreaterThan(sent);
    expect(answered - handledAt).toBeGreaterThan(LATENCY_MS / 2);
  });

  it('holds a fault for the latency too', async () => {
    const sent = performance.now();
    const failure = await oxFailure(client.call('OXContextService', 'listAll', { auth: { ...auth, password: 'x' } }));
    expect(failure.exceptionName).toBe('InvalidCredentialsException');
    expect(performance.now() - sent).toBeGreaterThanOrEqual(LATENCY_MS - 2);
  });
});
