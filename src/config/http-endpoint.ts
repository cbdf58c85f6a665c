// OX_CONNECTOR_HTTP_LISTEN=host:port: the connector's HTTP endpoints (/metrics, /healthz, /readyz, the status
// page); unset, there is no HTTP server. The status page shows DNs and error texts, so an address other than
// loopback needs OX_CONNECTOR_HTTP_PASSWORD_FILE (HTTP Basic; decision 0291). The password is never echoed.
// Port 0 lets the kernel choose (tests); the start line in the log names the port.
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';

export interface HttpEndpointSettings {
  host: string;
  port: number;
  /** Set when OX_CONNECTOR_HTTP_PASSWORD_FILE is: every request but /healthz and /readyz must carry it. */
  password?: string;
  /** For messages: host:port as given. */
  address: string;
}

export class HttpEndpointError extends Error {
  override name = 'HttpEndpointError';
}

const LISTEN = 'OX_CONNECTOR_HTTP_LISTEN';
const PASSWORD_FILE = 'OX_CONNECTOR_HTTP_PASSWORD_FILE';

/** undefined when OX_CONNECTOR_HTTP_LISTEN is unset or empty; throws HttpEndpointError saying what to change. */
export function httpEndpointFrom(env: NodeJS.ProcessEnv): HttpEndpointSettings | undefined {
  const address = env[LISTEN]?.trim();
  if (!address) return undefined;
  const { host, port } = parseListen(address);
  const passwordFile = env[PASSWORD_FILE]?.trim();
  if (!passwordFile) {
    if (isLoopback(host)) return { host, port, address };
    throw new HttpEndpointError(
      `${LISTEN}=${address} is reachable from other machines, and the status page shows DNs and errors: set ${PASSWORD_FILE} to a file holding a password (HTTP Basic), or listen on 127.0.0.1`,
    );
  }
  return { host, port, address, password: readPassword(passwordFile) };
}

function parseListen(address: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d{1,5})$/.exec(address);
  const port = m ? Number(m[3]) : NaN;
  if (!m || port > 65535)
    throw new HttpEndpointError(`${LISTEN}=${address} is not host:port: write e.g. 127.0.0.1:9464 or [::1]:9464`);
  const host = m[1] ?? m[2];
  if (host === '')
    throw new HttpEndpointError(
      `${LISTEN}=${address} names no host: write 127.0.0.1:${port}, or 0.0.0.0:${port} for every address`,
    );
  return { host, port };
}

export function isLoopback(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1';
}

function readPassword(file: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new HttpEndpointError(
      `${PASSWORD_FILE}=${file} cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'}): make it readable for the connector's user`,
    );
  }
  const password = text.split('\n')[0].trim();
  if (password === '')
    throw new HttpEndpointError(`${PASSWORD_FILE}=${file} is empty: write the password on its first line`);
  return password;
}
