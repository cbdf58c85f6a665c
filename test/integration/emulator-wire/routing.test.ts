// Which request targets reach a service: the plain `/webservices/<Service>` taken as it is, anything else after
// URL parsing (dot segments, queries), unknown and disabled services 404.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/index.js';
import { codec } from '../../../src/ox/index.js';

let emu: RunningEmulator;
let base: string;
beforeAll(async () => {
  emu = await startEmulator({
    port: 0,
    masterPassword: 'routing-pw',
    disabledServices: ['OXDeputyPermissionsService'],
  });
  base = emu.url.replace(/\/webservices$/, '');
});
afterAll(async () => {
  await emu.close();
});

const listContexts = codec.encodeRequest('OXContextService', 'listAll', {
  auth: { login: 'oxadminmaster', password: 'routing-pw' },
});

async function post(path: string, body = listContexts): Promise<{ status: number; text: string }> {
  const response = await fetch(base + path, { method: 'POST', body, headers: { 'Content-Type': 'text/xml' } });
  return { status: response.status, text: await response.text() };
}

it('answers SOAP calls at /webservices/<Service>, with or without a trailing slash, and after dot segments', async () => {
  for (const path of [
    '/webservices/OXContextService',
    '/webservices/OXContextService/',
    '/webservices/x/../OXContextService',
  ]) {
    const { status, text } = await post(path);
    expect(status, path).toBe(200);
    expect(text, path).toContain('<tns:listAllResponse>');
  }
});

it('refuses unknown and disabled services with 404, and GET of a service without ?wsdl with 405', async () => {
  for (const path of ['/webservices/NoSuchService', '/webservices/OXDeputyPermissionsService', '/other']) {
    const { status, text } = await post(path);
    expect(status, path).toBe(404);
    expect(text, path).toMatch(/^No such service: \/.+\. Services live at \/webservices\/<Service>\./);
  }
  const get = await fetch(`${base}/webservices/OXContextService`);
  expect(get.status).toBe(405);
  expect(get.headers.get('allow')).toBe('GET, POST');
  const wsdl = await fetch(`${base}/webservices/OXContextService?wsdl`);
  expect(wsdl.status).toBe(200);
  expect(await wsdl.text()).toContain('<wsdl:definitions');
});

it('decodes a request body that arrives in many chunks', async () => {
  const bytes = Buffer.from(listContexts, 'utf8');
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (let i = 0; i < bytes.length; i += 100) controller.enqueue(bytes.subarray(i, i + 100));
      controller.close();
    },
  });
  const response = await fetch(`${base}/webservices/OXContextService`, {
    method: 'POST',
    body: stream,
    headers: { 'Content-Type': 'text/xml' },
    duplex: 'half',
  } as RequestInit);
  expect(response.status).toBe(200);
  expect(await response.text()).toContain('<tns:listAllResponse>');
});
