/**
 * Peak resident memory of a child process, from two independent sources, so a figure exists even
 * when one of them fails: the kernel's high-water mark `VmHWM` sampled from /proc/<pid>/status while
 * the process runs (Linux only), and `ru_maxrss` written at exit by bench/probe/rss-probe.mjs.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const RSS_PROBE_PATH = fileURLToPath(new URL('../probe/rss-probe.mjs', import.meta.url));

export class PeakRssSampler {
  private peakKiB = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly pid: number,
    intervalMs = 25,
  ) {
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
    this.sample();
  }

  private sample(): void {
    try {
      const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
      const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(status);
      if (match) this.peakKiB = Math.max(this.peakKiB, Number(match[1]));
    } catch {
      // The process has gone (or there is no /proc): keep the last figure.
    }
  }

  /** Stops sampling; returns the highest VmHWM seen (0 when none could be read). */
  stop(): number {
    clearInterval(this.timer);
    return this.peakKiB;
  }
}

/** CPU milliseconds (user + system) the probe wrote at exit; undefined when it wrote none. */
export function readProbeCpuMs(file: string): number | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const cpuMs = Number(JSON.parse(readFileSync(file, 'utf8')).cpuMs);
    return Number.isFinite(cpuMs) ? cpuMs : undefined;
  } catch {
    return undefined;
  }
}

/** The probe's figure, or 0 when it wrote none (killed process, probe not loaded). */
export function readProbeRss(file: string): number {
  if (!existsSync(file)) return 0;
  try {
    return Number(JSON.parse(readFileSync(file, 'utf8')).maxRssKiB) || 0;
  } catch {
    return 0;
  }
}

/**
 * With BENCH_MEM_LOG=<file> (bench/probe/rss-probe.mjs), the highest rss, heapTotal, heapUsed, external and
 * arrayBuffers the connector's samples showed, in MiB; undefined without such a log.
 */
export function memoryLogLine(): string | undefined {
  const file = process.env.BENCH_MEM_LOG;
  if (!file || !existsSync(file)) return undefined;
  const peaks: Record<string, number> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line === '') continue;
    for (const [key, value] of Object.entries(JSON.parse(line) as Record<string, number>)) {
      if (key !== 't') peaks[key] = Math.max(peaks[key] ?? 0, value);
    }
  }
  return `memoryUsage() peaks (MiB, ${file}): ${Object.entries(peaks)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')}`;
}
