// A cheap "is OX there again?" check used while backing off after OX became unreachable: a TCP connect to the
// SOAP server, no request, no log line. It lets provisioning resume within about a second of OX coming back
// without retrying (and logging) real work every second during an outage.
import { connect } from 'node:net';

export type Probe = () => Promise<boolean>;

export function tcpProbe(serverUrl: string, timeoutMs = 1000): Probe {
  const url = new URL(serverUrl);
  const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return () =>
    new Promise((resolve) => {
      const socket = connect({ host, port });
      const done = (ok: boolean) => {
        socket.destroy();
        resolve(ok);
      };
      socket.setTimeout(timeoutMs, () => done(false));
      socket.once('connect', () => done(true));
      socket.once('error', () => done(false));
    });
}
