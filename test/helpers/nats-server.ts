// Starts Debian's nats-server with JetStream on a loopback port and a throwaway store, for the tests of the Nubus
// source. stop()/start() keep port and store, so a test can restart the server mid-stream.
import { type ChildProcess, spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const NATS_SERVER = ['/usr/sbin/nats-server', '/usr/bin/nats-server'].find((path) => existsSync(path));

export interface NatsServer {
  url: string;
  port: number;
  start(): Promise<void>;
  stop(): Promise<void>;
  destroy(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tcpConnect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export async function startNatsServer(): Promise<NatsServer> {
  if (!NATS_SERVER) throw new Error('nats-server is not installed: apt-get install nats-server');
  execFileSync(NATS_SERVER, ['--version']);
  const port = await freePort();
  const store = mkdtempSync(join(tmpdir(), 'ox-nats-'));
  let child: ChildProcess | undefined;
  const server: NatsServer = {
    url: `nats://127.0.0.1:${port}`,
    port,
    async start() {
      child = spawn(NATS_SERVER!, ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', store], { stdio: 'ignore' });
      for (let attempt = 0; attempt < 200; attempt++) {
        if (await listening(port)) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`nats-server did not listen on port ${port}`);
    },
    async stop() {
      if (!child || child.exitCode !== null) return;
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
    async destroy() {
      await server.stop();
      rmSync(store, { recursive: true, force: true });
    },
  };
  await server.start();
  return server;
}
