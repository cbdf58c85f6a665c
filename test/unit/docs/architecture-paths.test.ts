// docs/architecture.md stays true about where things are: every file or folder it names under a room of src/
// (with or without the `src/` prefix), under test/, bench/, scripts/, compat/, ldap/ or docs/, and every relative
// link, must exist. A move that forgets the page fails here.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const DOC = join(ROOT, 'docs/architecture.md');
const ROOMS = ['cli', 'config', 'model', 'sources', 'queue', 'engine', 'admin', 'provisioning', 'ox', 'state']
  .concat(['emulator', 'ops'])
  .join('|');
const OUTSIDE = 'test|bench|scripts|compat|ldap|docs';

/** Paths named in the text: `room/…` (read as src/room/…) and `src/…`, `test/…`, …; may omit .ts or say .js. */
function namedPaths(text: string): string[] {
  const found = new Set<string>();
  const path = new RegExp(
    `(?<![\\w./<-])(src/|${OUTSIDE.replace(/\|/g, '/|')}/|(?:${ROOMS})/)([\\w.@-]+(?:/[\\w.@-]+)*/?)`,
    'g',
  );
  for (const m of text.matchAll(path)) {
    const [, head, rest] = m;
    if (rest.includes('*')) continue;
    const full = (/^(src|test|bench|scripts|compat|ldap|docs)\/$/.test(head) ? head : `src/${head}`) + rest;
    found.add(full.replace(/[.]$/, ''));
  }
  return [...found];
}

function exists(path: string): boolean {
  const clean = path.replace(/\/$/, '');
  // Imports name a module by its .js file, or without an extension.
  return [clean, `${clean}.ts`, clean.replace(/\.js$/, '.ts')].some((p) => existsSync(join(ROOT, p)));
}

describe('docs/architecture.md', () => {
  const text = readFileSync(DOC, 'utf8');

  it('names only files and folders that exist', () => {
    const paths = namedPaths(text);
    expect(paths.length).toBeGreaterThan(100);
    expect(paths.filter((p) => !exists(p))).toEqual([]);
  });

  it('links only to files that exist', () => {
    const links = [...text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)].map((m) => m[1]).filter((l) => !/^\w+:/.test(l));
    expect(links.length).toBeGreaterThan(0);
    expect(links.filter((l) => !existsSync(resolve(dirname(DOC), l)))).toEqual([]);
  });

  it('the check catches a renamed file', () => {
    expect(namedPaths('queued in `engine/batching.ts` and `src/queue/queue-index.ts`')).toEqual([
      'src/engine/batching.ts',
      'src/queue/queue-index.ts',
    ]);
    expect(exists('src/engine/batching.ts')).toBe(false);
    expect(exists('src/queue/queue-index')).toBe(true);
  });
});
