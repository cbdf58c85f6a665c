#!/usr/bin/env node
// Runs the compiled CLI (npm run build). From a source checkout without a build, use `npm run dev -- <args>`.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const compiled = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
if (!existsSync(compiled)) {
  console.error(
    'ox-connector is not built yet: run `npm run build` (or `npm run dev -- <command>` to run from source).',
  );
  process.exit(2);
}
await import(compiled);
