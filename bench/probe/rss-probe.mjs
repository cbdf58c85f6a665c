// Loaded into the connector process with `node --import` by the benchmark: when the process exits,
// it writes its peak resident set size (KiB) to the file named by BENCH_RSS_FILE, with the CPU time it
// used (user + system, for `--ceiling`). The connector itself knows nothing of it.
//
// The peak is this process's own high-water mark, VmHWM from /proc/self/status. getrusage's ru_maxrss is
// only the fallback (no /proc): Linux carries it across fork and execve, so a child started by a large
// benchmark process reports the parent's peak as its own (measured: a 40 MiB child of a 440 MiB parent
// read ru_maxrss 404 MiB).
//
// BENCH_MEM_LOG=<file> also appends process.memoryUsage() (rss, heapTotal, heapUsed, external,
// arrayBuffers, in MiB) every BENCH_MEM_INTERVAL_MS (default 250) as JSON lines, to see where memory goes.
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import process from 'node:process';

function ownPeakKiB() {
  try {
    const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match) return Number(match[1]);
  } catch {
    // No /proc: fall back below.
  }
  return process.resourceUsage().maxRSS;
}

const target = process.env.BENCH_RSS_FILE;
if (target) {
  process.on('exit', () => {
    try {
      const usage = process.resourceUsage();
      const cpuMs = (usage.userCPUTime + usage.systemCPUTime) / 1000;
      writeFileSync(target, JSON.stringify({ maxRssKiB: ownPeakKiB(), cpuMs }));
    } catch {
      // A benchmark probe must never change the connector's exit; the /proc sampler still has a figure.
    }
  });
}

const memLog = process.env.BENCH_MEM_LOG;
if (memLog) {
  const started = Date.now();
  const mib = (n) => Math.round((n / 1048576) * 10) / 10;
  const sample = () => {
    const m = process.memoryUsage();
    const line = {
      t: (Date.now() - started) / 1000,
      rss: mib(m.rss),
      heapTotal: mib(m.heapTotal),
      heapUsed: mib(m.heapUsed),
      external: mib(m.external),
      arrayBuffers: mib(m.arrayBuffers),
    };
    try {
      appendFileSync(memLog, `${JSON.stringify(line)}\n`);
    } catch {
      // Never change the connector's behaviour.
    }
  };
  globalThis.setInterval(sample, Number(process.env.BENCH_MEM_INTERVAL_MS) || 250).unref();
  process.on('exit', sample);
}
