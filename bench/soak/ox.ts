/**
 * "OX" for the soak: the emulator as its own HTTP server process with `--state` (a journal that survives its
 * restarts) and transient faults, behind a small counting proxy. The connector talks to the proxy, which stays
 * up while the emulator is stopped for an outage (it then drops the connection, as a dead OX would) and counts
 * the faults the emulator injected — the soak's "faults injected and survived".
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startEmulatorProcess, type EmulatorProcess } from '../lib/emulator-process.js';

export interface SoakOx {
  /** OX_SOAP_SERVER for the connector (the proxy). */
  soapServer: string;
  /** The emulator's own SOAP base, for reading OX back at the end. */
  webservicesUrl(): string;
  faultsInjected(): number;
  outages(): number;
  isUp(): boolean;
  /** Stops the emulator (SIGTERM), waits `downMs`, starts it again on the same state. */
  outage(downMs: number): Promise<void>;
  stop(): Promise<void>;
}

const INJECTED = /emulator --fault-rate|Emulated database failure \(emulator --fault-rate\)/;

export async function startSoakOx(opts: { statePath: string; latencyMs: number; faultRate: number }): Promise<SoakOx> {
  const args = ['--state', opts.statePath, '--fault-rate', String(opts.faultRate)];
  let emulator: EmulatorProcess | undefined = await startEmulatorProcess(opts.latencyMs, args);
  let faults = 0;
  let outages = 0;
  let agent = new http.Agent({ keepAlive: true });

  function forward(req: http.IncomingMessage, res: http.ServerResponse): void {
    const target = emulator && new URL(emulator.soapServer);
    if (!target) return void req.socket.destroy(); // OX is down: the connection drops
    const out = http.request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers, agent },
      (upstream) => {
        const chunks: Buffer[] = [];
        upstream.on('data', (c: Buffer) => chunks.push(c));
        upstream.on('end', () => {
          const body = Buffer.concat(chunks);
          if ((upstream.statusCode ?? 200) >= 500 && INJECTED.test(body.toString('utf8'))) faults++;
          const headers = { ...upstream.headers, 'content-length': String(body.length) };
          delete headers['transfer-encoding'];
          res.writeHead(upstream.statusCode ?? 502, headers);
          res.end(body);
        });
        upstream.on('error', () => req.socket.destroy());
      },
    );
    out.on('error', () => req.socket.destroy());
    req.pipe(out);
  }

  const server = http.createServer(forward);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    soapServer: `http://127.0.0.1:${port}`,
    webservicesUrl: () => {
      if (!emulator) throw new Error('soak: OX is down; read it back only while it runs');
      return emulator.webservicesUrl;
    },
    faultsInjected: () => faults,
    outages: () => outages,
    isUp: () => emulator !== undefined,
    async outage(downMs) {
      const running = emulator;
      emulator = undefined;
      outages++;
      await running?.stop();
      agent.destroy(); // no kept-alive socket to the old process survives
      agent = new http.Agent({ keepAlive: true });
      await new Promise((r) => setTimeout(r, downMs));
      emulator = await startEmulatorProcess(opts.latencyMs, args);
    },
    async stop() {
      await emulator?.stop();
      emulator = undefined;
      agent.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
