// Issue 17 item 1: `npm pack` gives a package that works: prepack builds, `files` ships what the runtime and the
// README's steps need (ldap/schema, the compat scripts, the licence), and nothing of the checkout besides.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const REPO = resolve(import.meta.dirname, '../../..');
const BUILT = existsSync(join(REPO, 'dist/cli/main.js'));

describe.skipIf(!BUILT)('npm pack', () => {
  it('packs the built CLI, the LDAP schema, the compat scripts and the licence, and the CLI runs from it', () => {
    const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
    expect(pkg.scripts.prepack).toBe('npm run build');
    const out = mkdtempSync(join(tmpdir(), 'oxc-pack-'));
    // The build is already done (tests run dist/); --ignore-scripts keeps the test from compiling twice.
    const pack = spawnSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', out], {
      cwd: REPO,
      encoding: 'utf8',
    });
    expect(pack.status).toBe(0);
    const [{ filename, files }] = JSON.parse(pack.stdout) as [{ filename: string; files: { path: string }[] }];
    const paths = files.map((f) => f.path);
    for (const path of [
      'LICENSE',
      'README.md',
      'bin/ox-connector.js',
      'dist/cli/main.js',
      'compat/get_current_error.py',
      'ldap/schema/30-oxforucs.ldif',
    ]) {
      expect(paths).toContain(path);
    }
    expect(paths.filter((p) => /^(src|test|bench|scripts|packaging)\//.test(p))).toEqual([]);
    expect(readFileSync(join(REPO, 'LICENSE'), 'utf8')).toMatch(/^GNU AFFERO GENERAL PUBLIC LICENSE\nVersion 3/);

    const tar = spawnSync('tar', ['-xzf', join(out, filename), '-C', out]);
    expect(tar.status).toBe(0);
    // The dependencies an `npm install` of the tarball would bring: this checkout's.
    symlinkSync(join(REPO, 'node_modules'), join(out, 'package', 'node_modules'));
    const help = spawnSync(process.execPath, [join(out, 'package', 'bin', 'ox-connector.js'), 'run', '--help'], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '' },
    });
    expect(help.stderr).toBe('');
    expect(help.stdout).toMatch(/^Usage: ox-connector run \[options\]/);
    expect(readdirSync(join(out, 'package', 'ldap', 'schema')).length).toBeGreaterThan(0);
  });
});
