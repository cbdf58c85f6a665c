// What a failed call to the Provisioning API means: retry with back-off (the API or the network is away), or stop
// and tell the administrator what to change (credentials, subscription, certificate). Decision 0317.
import { certificateFailureAdvice } from '../../ox/tls.js';
import { ApiStatusError } from './api-client.js';
import type { NubusSettings } from './settings.js';

export class NubusFatalError extends Error {
  override name = 'NubusFatalError';
}

/** A short name of a transient failure; the log says it once each time it changes. */
export type TransientReason = string;

/** Returns the reason of a transient failure, or throws NubusFatalError for one that retrying cannot fix. */
export function classifyFailure(error: unknown, settings: NubusSettings, caDir: string | undefined): TransientReason {
  const api = settings.baseUrl;
  const name = settings.username;
  if (error instanceof ApiStatusError) {
    if (error.status === 401)
      throw new NubusFatalError(
        `The Provisioning API ${api} refused the credentials of subscription "${name}" (HTTP 401): check PROVISIONING_API_USERNAME (the subscription name) and the password in PROVISIONING_API_PASSWORD_FILE (the subscription's own password, not the admin's); if the subscription was deleted, register it again and then run reconcile`,
      );
    if (error.status === 403)
      throw new NubusFatalError(
        `The Provisioning API ${api} does not let "${name}" read subscription "${name}" (HTTP 403): set PROVISIONING_API_USERNAME to the subscription's name and use its password`,
      );
    if (error.status === 404)
      throw new NubusFatalError(
        `Subscription "${name}" does not exist at the Provisioning API ${api} (${error.call}, HTTP 404): register it (topics ${'users/user, groups/group, oxmail/…'}; request_prefill true), or correct PROVISIONING_API_BASE_URL / PROVISIONING_API_USERNAME`,
      );
    if (error.status >= 500 || error.status === 429 || error.status === 408) return `HTTP ${error.status}`;
    throw new NubusFatalError(`The Provisioning API ${api}: ${error.message}; check PROVISIONING_API_BASE_URL`);
  }
  const code = (error as NodeJS.ErrnoException).code;
  const advice = code ? certificateFailureAdvice(error as NodeJS.ErrnoException, caDir) : undefined;
  if (advice)
    throw new NubusFatalError(
      `The Provisioning API ${api}: ${advice.replace('OX_SOAP_SERVER', 'PROVISIONING_API_BASE_URL')}`,
    );
  if (error instanceof SyntaxError) return 'an answer that is not JSON';
  return code ?? (error as Error).message;
}
