// Issue 17 item 2: every `ox-connector` command in the README's package and UCS takeover steps exists, with the
// options it is given there (checked against the built CLI's own --help).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const REPO = resolve(import.meta.dirname, '../../..');
const CLI = resolve(REPO, 'dist/cli/main.js');

/** The README text from a heading to the next heading of the same or a higher level. */
function section(readme: string, heading: string): string {
  const start = readme.indexOf(`\n${heading}\n`);
  expect(start, heading).toBeGreaterThan(0);
  const level = heading.split(' ')[0]!;
  const rest = readme.slice(start + heading.length + 2);
  const end = rest.search(new RegExp(`\\n#{2,${level.length}} `));
  return end < 0 ? rest : rest.slice(0, end);
}

/** `ox-connector …` command lines inside the section's code blocks, comments dropped. */
function commands(text: string): string[][] {
  const blocks = [...text.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
  return blocks
    .flatMap((b) => b.split('\n'))
    .flatMap((l) => l.replace(/#.*$/, '').split(/;|&&/))
    .map((l) => l.trim())
    .filter((l) => l.startsWith('ox-connector '))
    .map((l) => l.split(/\s+/));
}

describe.skipIf(!existsSync(CLI))('the README steps for the package and the UCS takeover', () => {
  const readme = readFileSync(resolve(REPO, 'README.md'), 'utf8');
  const lines = [
    ...commands(section(readme, '### The Debian package')),
    ...commands(section(readme, '### Replacing the Python app on UCS, step by step')),
  ];

  it('name only commands and options the CLI has', () => {
    expect(lines.length).toBeGreaterThanOrEqual(4);
    for (const [, command, ...args] of lines) {
      const help = spawnSync(process.execPath, [CLI, command!, '--help'], {
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '' },
      });
      expect(help.status, `ox-connector ${command} --help`).toBe(0);
      expect(help.stdout).toMatch(new RegExp(`^Usage: ox-connector ${command} `));
      for (const option of args.filter((a) => a.startsWith('--'))) {
        expect(help.stdout, `ox-connector ${command} ${option}`).toContain(option);
      }
    }
  });
});
