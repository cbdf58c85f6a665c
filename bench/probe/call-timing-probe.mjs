// Loaded into the connector and the emulator with `node --import` by `npm run bench -- --call-timing`: records
// when each HTTP exchange passes the points node's diagnostics channels report, and writes them to the file named
// by BENCH_CALL_TIMING_FILE when the process exits. Neither process knows of it. Times are milliseconds of the
// machine's monotonic clock (process.hrtime), which every process reads alike, so the two processes' records can
// be put side by side (performance.timeOrigin is not: two processes' origins disagree by up to a millisecond);
// ports pair them up.
//   client: s = the request has a connection (node writes it in this very tick: its body was ended before),
//           h = answer headers read, e = answer read
//   server: a = request headers read, f = the emulator hands over its answer (response.end())
// Not the 'finish' events: they come when the write has completed, a turn of the event loop later, by which
// time the other side may have read it already.
import diagnostics from 'node:diagnostics_channel';
import { writeFileSync } from 'node:fs';
import process from 'node:process';

const target = process.env.BENCH_CALL_TIMING_FILE;
if (target) {
  const now = () => Number(process.hrtime.bigint()) / 1e6;
  const client = [];
  const server = [];
  const byClientRequest = new WeakMap();
  diagnostics.subscribe('http.client.request.start', ({ request }) => {
    const record = { port: request.socket?.localPort, s: now() };
    client.push(record);
    byClientRequest.set(request, record);
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
    const end = response.end;
    response.end = function endNoted(...args) {
      record.f = now();
      return end.apply(this, args);
    };
  });
  process.on('exit', () => {
    try {
      if (client.length > 0 || server.length > 0) writeFileSync(target, JSON.stringify({ client, server }));
    } catch {
      // A benchmark probe must never change the process's exit.
    }
  });
}
