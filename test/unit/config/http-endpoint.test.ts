// OX_CONNECTOR_HTTP_LISTEN and OX_CONNECTOR_HTTP_PASSWORD_FILE (decision 0291).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { httpEndpointFrom, isLoopback } from '../../../src/config/http-endpoint.js';

it('no server without the setting; host and port from host:port and [v6]:port', () => {
  expect(httpEndpointFrom({})).toBeUndefined();
  expect(httpEndpointFrom({ OX_CONNECTOR_HTTP_LISTEN: '' })).toBeUndefined();
  expect(httpEndpointFrom({ OX_CONNECTOR_HTTP_LISTEN: '127.0.0.1:9464' })).toMatchObject({
    host: '127.0.0.1',
    port: 9464,
  });
  expect(httpEndpointFrom({ OX_CONNECTOR_HTTP_LISTEN: '[::1]:9464' })).toMatchObject({ host: '::1', port: 9464 });
  expect(() => httpEndpointFrom({ OX_CONNECTOR_HTTP_LISTEN: ':9464' })).toThrow(/names no host/);
  expect(() => httpEndpointFrom({ OX_CONNECTOR_HTTP_LISTEN: 'localhost:99999' })).toThrow(/is not host:port/);
});

it('loopback only without a password file; the password from the file, never in a message', () => {
  expect(['127.0.0.1', '127.1.2.3', '::1', 'localhost'].every(isLoopback)).toBe(true);
  expect(['0.0.0.0', '::', '10.0.0.1', 'ox.example.org', '::ffff:127.0.0.1'].some(isLoopback)).toBe(false);
  expect(() => httpEndpointFrom({ OX_CONNECTOR_HTTP_LISTEN: '0.0.0.0:9464' })).toThrow(
    /reachable from other machines.*OX_CONNECTOR_HTTP_PASSWORD_FILE/,
  );
  const dir = mkdtempSync(join(tmpdir(), 'oxc-http-cfg-'));
  writeFileSync(join(dir, 'pw'), '  Sesame-4711  \nignored\n');
  writeFileSync(join(dir, 'empty'), '\n');
  const env = { OX_CONNECTOR_HTTP_LISTEN: '0.0.0.0:9464', OX_CONNECTOR_HTTP_PASSWORD_FILE: join(dir, 'pw') };
  expect(httpEndpointFrom(env)).toMatchObject({ host: '0.0.0.0', password: 'Sesame-4711' });
  expect(() => httpEndpointFrom({ ...env, OX_CONNECTOR_HTTP_PASSWORD_FILE: join(dir, 'empty') })).toThrow(/is empty/);
});
