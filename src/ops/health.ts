// The original's get_current_error JSON (docs/reference/original-connector.md), kept for existing Nagios checks:
// {"errors": "0"} when healthy, {"errors": "<n>", "message": "...", "filename": "..."} otherwise; all strings.
// With parking, a success of another object resets the consecutive-error counter while an object still waits
// for the administrator; such parked objects keep the status unhealthy (decision 0093).
import type { StateStore } from '../state/store.js';

export interface CurrentError {
  errors: string;
  message?: string;
  filename?: string;
}

export function currentError(store: StateStore): CurrentError {
  const h = store.health();
  const errors = h.errors ?? '0';
  if (errors !== '0') {
    const out: CurrentError = { errors };
    if (h.message !== undefined) out.message = h.message;
    if (h.filename !== undefined) out.filename = h.filename;
    return out;
  }
  const parked = store.allParked();
  if (parked.length === 0) return { errors: '0' };
  const oldest = parked[0];
  const more =
    parked.length > 1 ? ` (and ${parked.length - 1} more parked object(s); see ox-connector tasks list)` : '';
  return { errors: String(parked.length), message: `${oldest.error}${more}`, filename: oldest.source };
}

export function isHealthy(error: CurrentError): boolean {
  return error.errors === '0';
}
