// Loaded into the connector and the emulator with `node --import` by `npm run bench -- --call-timing`: records
// when each HTTP exchange passes the points node's diagnostics channels report, and writes them to the file named
// by BENCH_CALL_TIMING_FILE when the process exits. Neither process knows of it. Times are absolute milliseconds
// (timeOrigin + now), so the two processes' records can be put side by side; ports pair them up.
//   client: s = the request has a connection (node starts it), w = written, h = answer headers read, e = answer read
//   server: a = request headers read, f = answer written
import diagnostics from 'node:diagnostics_channel';
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import process from 'node:process';

const target = process.env.BENCH_CALL_TIMING_FILE;
if (target) {
  const now = () => performance.timeOrigin + performance.now();
  const client = [];
  const server = [];
  const byClientRequest = new WeakMap();
  const byServerResponse = new WeakMap();
  diagnostics.subscribe('http.client.request.start', ({ request }) => {
    const record = { port: request.socket?.localPort, s: now() };
    client.push(record);
    byClientRequest.set(request, record);
    request.once('finish', () => (record.w = now()));
  });
  diagnostics.subscribe('http.client.response.finish', ({ request, response }) => {
    const record = byClientRequest.get(request);
    if (!record) return;
    record.h = now();
    response.once('end', () => (record.e = now()));
  });
  diagnostics.subscribe('http.server.request.start', ({ request, response }) => {
    const record = { port: request.socket?.remotePort, a: now() };
    server.push(record);
    byServerResponse.set(response, record);
  });
  diagnostics.subscribe('http.server.response.finish', ({ response }) => {
    const record = byServerResponse.get(response);
    if (record) record.f = now();
  });
  process.on('exit', () => {
    try {
      if (client.length > 0 || server.length > 0) writeFileSync(target, JSON.stringify({ client, server }));
    } catch {
      // A benchmark probe must never change the process's exit.
    }
  });
}
