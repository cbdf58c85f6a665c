// The version `ox-connector --version` prints: the package's own package.json, found from this file (src/cli/ and
// dist/cli/ are both two levels below the package root, in a checkout as in an installed package), so it does
// not depend on the working directory or on npm having set npm_package_version.
import { readFileSync } from 'node:fs';

export function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version?: unknown;
  };
  if (typeof manifest.version !== 'string') throw new Error('package.json has no version: reinstall ox-connector.');
  return manifest.version;
}
