// Runs `bench/soak.ts` (what `npm run soak` runs, without the build: tests use dist/) as a child process and
// returns its JSON summary. Shared by the two soak test files, which vitest runs in parallel.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { SoakSummary } from '../../../bench/soak/run-soak.js';

const REPO = resolve(import.meta.dirname, '../../..');
export const CLI = join(REPO, 'dist/cli/main.js');
const TSX = join(REPO, 'node_modules/.bin/tsx');

export interface SoakRun {
  code: number | null;
  output: string;
  summary: SoakSummary;
}

export function runSoakCli(args: string[]): Promise<SoakRun> {
  const dir = mkdtempSync(join(tmpdir(), 'oxc-soak-test-'));
  const jsonFile = join(dir, 'summary.json');
  return new Promise((done, fail) => {
    const child = spawn(TSX, [join(REPO, 'bench/soak.ts'), ...args, '--json', jsonFile], {
      cwd: REPO,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => {
      try {
        done({ code, output, summary: JSON.parse(readFileSync(jsonFile, 'utf8')) as SoakSummary });
      } catch (err) {
        fail(new Error(`the soak wrote no summary (exit ${code}): ${(err as Error).message}\n${output}`));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}
