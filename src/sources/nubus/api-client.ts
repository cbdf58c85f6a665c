// The consumer side of the Provisioning API's REST contract (docs/reference/nubus-provisioning-api.md): long-poll the
// next message, acknowledge it, read the subscription. HTTP Basic auth with the subscription name as the user.
// HTTPS trusts the system CAs plus the OX client's CA directory (loadTrustedCas), and always verifies.
import { request as httpRequest, Agent as HttpAgent, type IncomingMessage } from 'node:http';
import { request as httpsRequest, Agent as HttpsAgent } from 'node:https';
import { loadTrustedCas, VERIFY_CERTIFICATES } from '../../ox/tls.js';
import type { ProvisioningMessage } from './message.js';
import type { NubusSettings } from './settings.js';

/** Seconds the API holds a messages/next request open when nothing is waiting (the consumer library's default). */
export const POLL_SECONDS = 10;
/** The HTTP timeout is longer than the poll: a request cut short leaves its message pending on the server side. */
export const POLL_MARGIN_MS = 5_000;
const CALL_TIMEOUT_MS = 30_000;

/** The API answered: an HTTP status that is not success. */
export class ApiStatusError extends Error {
  override name = 'ApiStatusError';
  constructor(
    readonly status: number,
    readonly call: string,
    detail: string,
  ) {
    super(`${call} answered HTTP ${status}${detail ? `: ${detail}` : ''}`);
  }
}

export interface SubscriptionInfo {
  name?: string;
  prefill_queue_status?: string;
  [key: string]: unknown;
}

export class ProvisioningApiClient {
  private readonly agent: HttpAgent | HttpsAgent;
  private readonly url: URL;
  private readonly authorization: string;
  private readonly subscriptionPath: string;

  /** `subscription`: the one the calls are about; by default the user's own (the consumer). The admin names it. */
  constructor(
    private readonly settings: NubusSettings,
    caDir: string | undefined,
    readonly subscription = settings.username,
  ) {
    this.url = new URL(`${settings.baseUrl}/`);
    this.agent =
      this.url.protocol === 'https:'
        ? new HttpsAgent({ keepAlive: true, ca: loadTrustedCas(caDir), ...VERIFY_CERTIFICATES })
        : new HttpAgent({ keepAlive: true });
    this.authorization = `Basic ${Buffer.from(`${settings.username}:${settings.password}`).toString('base64')}`;
    this.subscriptionPath = `v1/subscriptions/${encodeURIComponent(subscription)}`;
  }

  /** The oldest unacknowledged message, or undefined when none arrived within the poll. */
  async nextMessage(pollSeconds = POLL_SECONDS): Promise<ProvisioningMessage | undefined> {
    const { text } = await this.call(
      'GET',
      `${this.subscriptionPath}/messages/next?timeout=${pollSeconds}&pop=false`,
      undefined,
      pollSeconds * 1000 + POLL_MARGIN_MS,
    );
    const trimmed = text.trim();
    if (trimmed === '' || trimmed === 'null') return undefined;
    return JSON.parse(trimmed) as ProvisioningMessage;
  }

  /** Acknowledges (the API deletes the message). A 404 means it is gone already, which is what we want. */
  async acknowledge(sequenceNumber: number): Promise<void> {
    try {
      await this.call('PATCH', `${this.subscriptionPath}/messages/${sequenceNumber}/status`, { status: 'ok' });
    } catch (error) {
      if (error instanceof ApiStatusError && error.status === 404) return;
      throw error;
    }
  }

  async subscriptionInfo(): Promise<SubscriptionInfo> {
    return JSON.parse((await this.call('GET', this.subscriptionPath)).text) as SubscriptionInfo;
  }

  /** Admin: registers the subscription; 201 created, 200 an identical one existed (409 throws: it differs). */
  async register(body: {
    name: string;
    realms_topics: { realm: string; topic: string }[];
    request_prefill: boolean;
    password: string;
  }): Promise<'created' | 'existed'> {
    const { status } = await this.call('POST', 'v1/subscriptions', body);
    return status === 201 ? 'created' : 'existed';
  }

  /** Admin or owner: removes the subscription and its queue; false if there was none. */
  async deleteSubscription(): Promise<boolean> {
    try {
      await this.call('DELETE', this.subscriptionPath);
      return true;
    } catch (error) {
      if (error instanceof ApiStatusError && error.status === 404) return false;
      throw error;
    }
  }

  close(): void {
    this.agent.destroy();
  }

  private call(
    method: string,
    path: string,
    body?: unknown,
    timeoutMs = CALL_TIMEOUT_MS,
  ): Promise<{ status: number; text: string }> {
    const target = new URL(path, this.url);
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const name = `${method} ${target.pathname}`;
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = send(
        target,
        {
          method,
          agent: this.agent,
          headers: {
            authorization: this.authorization,
            accept: 'application/json',
            ...(payload !== undefined && {
              'content-type': 'application/json',
              'content-length': Buffer.byteLength(payload),
            }),
          },
        },
        (res: IncomingMessage) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            const status = res.statusCode ?? 0;
            if (status >= 200 && status < 300) resolve({ status, text });
            else reject(new ApiStatusError(status, name, detailOf(text)));
          });
        },
      );
      req.setTimeout(timeoutMs, () =>
        req.destroy(Object.assign(new Error(`${name}: no answer within ${timeoutMs / 1000} s`), { code: 'ETIMEDOUT' })),
      );
      req.on('error', reject);
      req.end(payload);
    });
  }
}

/** FastAPI's {"detail": …}, shortened; never the request (it carries no secret, but keep log lines short). */
function detailOf(text: string): string {
  try {
    const parsed = JSON.parse(text) as { detail?: unknown };
    if (typeof parsed.detail === 'string') return parsed.detail.slice(0, 200);
  } catch {
    // Not JSON.
  }
  return text.slice(0, 200);
}
