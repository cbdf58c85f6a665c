// The connector's version, as package.json (shipped beside dist/ in the npm and Debian packages) names it.
import { readFileSync } from 'node:fs';

let cached: string | undefined;

export function connectorVersion(): string {
  if (cached === undefined) {
    try {
      const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
      cached = String((JSON.parse(text) as { version?: unknown }).version ?? 'unknown');
    } catch {
      cached = 'unknown';
    }
  }
  return cached;
}
