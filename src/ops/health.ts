// The original's get_current_error JSON (original-behaviour §5.1), kept for existing Nagios checks:
// {"errors": "0"} when healthy, {"errors": "<n>", "message": "...", "filename": "..."} otherwise; all strings.
import type { StateStore } from '../state/store.js';

export interface CurrentError {
  errors: string;
  message?: string;
  filename?: string;
}

export function currentError(store: StateStore): CurrentError {
  const h = store.health();
  const out: CurrentError = { errors: h.errors ?? '0' };
  if (h.message !== undefined) out.message = h.message;
  if (h.filename !== undefined) out.filename = h.filename;
  return out;
}
