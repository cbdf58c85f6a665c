// Loaded into the connector process with `node --import` by the benchmark: when the process exits,
// it writes the kernel's peak resident set size (getrusage ru_maxrss, in KiB on Linux) to the file
// named by BENCH_RSS_FILE, with the CPU time it used (user + system, for `--ceiling`). The connector
// itself knows nothing of it.
import { writeFileSync } from 'node:fs';
import process from 'node:process';

const target = process.env.BENCH_RSS_FILE;
if (target) {
  process.on('exit', () => {
    try {
      const usage = process.resourceUsage();
      const cpuMs = (usage.userCPUTime + usage.systemCPUTime) / 1000;
      writeFileSync(target, JSON.stringify({ maxRssKiB: usage.maxRSS, cpuMs }));
    } catch {
      // A benchmark probe must never change the connector's exit; the /proc sampler still has a figure.
    }
  });
}
