/**
 * `BENCH_CPU_PROF_DIR=DIR npx tsx bench/run.ts …` writes a V8 CPU profile of every connector run into DIR, named
 * after the phase (`connector-1-initial-load.cpuprofile`): on a shared machine, where the time goes per room is
 * steadier than wall time (decision 0163 did it by hand).
 */
export function cpuProfileArgs(role: string, label: string): string[] {
  const dir = process.env.BENCH_CPU_PROF_DIR;
  if (dir === undefined || dir === '') return [];
  return ['--cpu-prof', '--cpu-prof-dir', dir, '--cpu-prof-name', `${role}-${label}.cpuprofile`];
}
