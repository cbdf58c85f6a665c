// Parsing one UCS listener-converter queue file (docs/reference/queue-files.md): { id, udm_object_type, dn, object,
// options }.
import type { ChangeRecord } from '../../model/change.js';
import { describeJsonError } from './json-error.js';

export class MalformedQueueFile extends Error {
  override name = 'MalformedQueueFile';
}

export function parseQueueFile(text: string, source: string): ChangeRecord {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    // Never JSON.parse's own message: it quotes the file's content (decision 0221).
    throw new MalformedQueueFile(
      `Queue file ${source} is not valid JSON (${describeJsonError(text)}); fix or remove it.`,
    );
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new MalformedQueueFile(`Queue file ${source} must contain a JSON object; fix or remove it.`);
  }
  const r = raw as Record<string, unknown>;
  const missing = ['id', 'udm_object_type', 'dn'].filter((k) => typeof r[k] !== 'string' || r[k] === '');
  if (missing.length > 0) {
    throw new MalformedQueueFile(`Queue file ${source} lacks ${missing.join(', ')}; fix or remove it.`);
  }
  const object = r.object;
  if (object !== null && object !== undefined && (typeof object !== 'object' || Array.isArray(object))) {
    throw new MalformedQueueFile(`Queue file ${source}: "object" must be a JSON object or null; fix or remove it.`);
  }
  return {
    objectId: r.id as string,
    udmType: r.udm_object_type as string,
    dn: r.dn as string,
    attributes: (object ?? null) as Record<string, unknown> | null,
    options: Array.isArray(r.options) ? r.options.map(String) : [],
    source,
  };
}
