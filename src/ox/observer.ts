// What the OX client tells whoever watches it (the metrics of ops/, wired by cli/run.ts), without knowing who:
// the ox/ room depends on no metrics library.
import type { OxErrorKind } from './errors.js';

export interface SoapCallEnded {
  service: string;
  operation: string;
  /** From sending the request to the decoded answer or the fault. */
  seconds: number;
  /** The fault's classification when the call failed (decision 0004). */
  fault?: OxErrorKind;
  /**
   * OX answered: an answer or a SOAP fault came back. False when nothing did (refused, reset, timed out) or only a
   * proxy's HTTP 5xx/429 without a SOAP fault: then OX itself is not known to be there.
   */
  answered: boolean;
}

export interface SoapCallObserver {
  callEnded(call: SoapCallEnded): void;
}
