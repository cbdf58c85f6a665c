// docs/emulator-usage.md documents every flag of `ox-connector emulator` (issue 14, smaller items): the flags
// come from the command's own definition, so a flag added without a line in the doc fails here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerEmulator } from '../../../src/cli/emulator.js';

const REPO = join(import.meta.dirname, '../../..');
const doc = readFileSync(join(REPO, 'docs/emulator-usage.md'), 'utf8');

function emulatorFlags(): string[] {
  const program = new Command();
  registerEmulator(program);
  const command = program.commands.find((c) => c.name() === 'emulator')!;
  return command.options.map((option) => option.long!);
}

describe('docs/emulator-usage.md', () => {
  it('has a row in its flag table for every flag of `ox-connector emulator`', () => {
    const flags = emulatorFlags();
    expect(flags).toContain('--state');
    const rows = doc.split('\n').filter((line) => line.startsWith('| `--'));
    for (const flag of flags) {
      const row = rows.find((line) => line.startsWith(`| \`${flag}\``) || line.startsWith(`| \`${flag} `));
      expect(row, `a table row for ${flag}`).toBeDefined();
      // Meaning and default: the row has three non-empty cells.
      expect(
        row!
          .split('|')
          .slice(1, -1)
          .map((cell) => cell.trim())
          .filter(Boolean),
      ).toHaveLength(3);
    }
  });

  it('is where the README sends readers for the emulator', () => {
    const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
    expect(readme).toMatch(/`ox-connector emulator[^\n]*docs\/emulator-usage\.md/);
  });
});
