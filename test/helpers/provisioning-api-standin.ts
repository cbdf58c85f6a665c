// TEST STAND-IN, never shipped: the consumer REST contract of Univention's Provisioning API
// (docs/reference/nubus-provisioning-api.md), built on a real nats-server with JetStream the way the API uses it:
// one stream per subscription with subjects <name>.prefill and <name>.main; one durable pull consumer per subject
// with explicit ack, ack_wait 1 s and max_ack_pending 1, so the oldest unacknowledged message is handed out again
// (num_delivered = JetStream's delivery count) until it is acknowledged; acknowledgement deletes it from the stream;
// nothing is handed out before prefill is done, then prefill is drained before main. It is not the real API: no
// dispatcher, no prefill worker (tests publish prefill and main messages themselves), passwords in memory.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import {
  AckPolicy,
  connect,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
  JSONCodec,
  nanos,
  type NatsConnection,
  RetentionPolicy,
  StorageType,
} from 'nats';

export interface StandInMessage {
  publisher_name?: string;
  realm: string;
  topic: string;
  body: { old: Record<string, unknown>; new: Record<string, unknown> };
}

interface Subscription {
  name: string;
  password: string;
  realms_topics: { realm: string; topic: string }[];
  request_prefill: boolean;
  prefill_queue_status: 'pending' | 'running' | 'done' | 'failed';
}

export const STANDIN_ADMIN = { username: 'admin', password: 'admin-secret' };

const codec = JSONCodec<StandInMessage>();

export class ProvisioningApiStandIn {
  readonly subscriptions = new Map<string, Subscription>();
  /** Highest num_delivered handed out per subscription and sequence number. */
  readonly deliveries = new Map<string, Map<number, number>>();
  /** While true, acknowledgements are received but neither answered nor applied (the client dies meanwhile). */
  holdAcks = false;
  heldAcks: number[] = [];
  /** While true, every request is answered 503 (the API is down, NATS is not). */
  unavailable = false;
  /**
   * The longest a messages/next request is held open. The contract says "up to `timeout`", so answering earlier is
   * allowed; it keeps `--once` runs (which end on the first empty answer) short in tests.
   */
  maxPollSeconds = 2;
  private server!: Server;
  private nc!: NatsConnection;
  private jsm!: JetStreamManager;
  private js!: JetStreamClient;
  private readonly inFlight = new Map<string, JsMsg>();
  url = '';

  static async start(natsUrl: string): Promise<ProvisioningApiStandIn> {
    const standIn = new ProvisioningApiStandIn();
    standIn.nc = await connect({ servers: natsUrl, maxReconnectAttempts: -1, reconnectTimeWait: 200 });
    standIn.jsm = await standIn.nc.jetstreamManager();
    standIn.js = standIn.nc.jetstream();
    standIn.server = createServer((req, res) => void standIn.route(req, res));
    await new Promise<void>((resolve) => standIn.server.listen(0, '127.0.0.1', resolve));
    standIn.url = `http://127.0.0.1:${(standIn.server.address() as { port: number }).port}`;
    return standIn;
  }

  /** What POST /v1/subscriptions does; also used by tests directly. */
  async subscribe(name: string, password: string, topics: string[], requestPrefill: boolean): Promise<void> {
    await this.jsm.streams.add({
      name,
      subjects: [`${name}.prefill`, `${name}.main`],
      retention: RetentionPolicy.Limits,
      storage: StorageType.File,
    });
    for (const part of ['prefill', 'main'])
      await this.jsm.consumers.add(name, {
        durable_name: part,
        filter_subject: `${name}.${part}`,
        ack_policy: AckPolicy.Explicit,
        ack_wait: nanos(1000),
        max_ack_pending: 1,
      });
    this.subscriptions.set(name, {
      name,
      password,
      realms_topics: topics.map((topic) => ({ realm: 'udm', topic })),
      request_prefill: requestPrefill,
      prefill_queue_status: requestPrefill ? 'pending' : 'done',
    });
  }

  async publish(name: string, part: 'prefill' | 'main', message: StandInMessage): Promise<number> {
    return (await this.js.publish(`${name}.${part}`, codec.encode(message))).seq;
  }

  setPrefillStatus(name: string, status: Subscription['prefill_queue_status']): void {
    this.subscriptions.get(name)!.prefill_queue_status = status;
  }

  /** Messages still in the subscription's stream (not acknowledged). */
  async pending(name: string): Promise<number> {
    return (await this.jsm.streams.info(name)).state.messages;
  }

  /** The API goes away (connections refused) until listenAgain(); NATS keeps running. */
  async stopListening(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  async listenAgain(): Promise<void> {
    const port = Number(new URL(this.url).port);
    this.server = createServer((req, res) => void this.route(req, res));
    await new Promise<void>((resolve) => this.server.listen(port, '127.0.0.1', resolve));
  }

  async close(): Promise<void> {
    if (!this.server.listening) return void (await this.nc.close());
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
    await this.nc.close();
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      if (this.unavailable) return send(res, 503, { detail: 'Service Unavailable' });
      const url = new URL(req.url ?? '/', 'http://standin');
      const user = basicUser(req);
      if (req.method === 'POST' && url.pathname === '/v1/subscriptions') {
        if (user?.name !== STANDIN_ADMIN.username || user.password !== STANDIN_ADMIN.password)
          return send(res, 401, { detail: 'Unauthorized' });
        const body = JSON.parse(await readBody(req)) as Subscription & { realms_topics: { topic: string }[] };
        const existing = this.subscriptions.get(body.name);
        if (existing) {
          const same =
            existing.password === body.password &&
            existing.request_prefill === body.request_prefill &&
            JSON.stringify(existing.realms_topics.map((t) => t.topic)) ===
              JSON.stringify(body.realms_topics.map((t) => t.topic));
          return send(res, same ? 200 : 409, same ? null : { detail: 'Subscription exists with other settings' });
        }
        await this.subscribe(
          body.name,
          body.password,
          body.realms_topics.map((t) => t.topic),
          body.request_prefill,
        );
        return send(res, 201, null);
      }
      const match = /^\/v1\/subscriptions\/([^/]+)(\/messages\/next|\/messages\/(\d+)\/status)?$/.exec(url.pathname);
      if (!match) return send(res, 404, { detail: 'Not Found' });
      const subscription = this.subscriptions.get(decodeURIComponent(match[1]!));
      const isAdmin = user?.name === STANDIN_ADMIN.username && user.password === STANDIN_ADMIN.password;
      if (req.method === 'DELETE' && match[2] === undefined && isAdmin) {
        if (!subscription) return send(res, 404, { detail: 'Not Found' });
        await this.jsm.streams.delete(subscription.name);
        this.subscriptions.delete(subscription.name);
        return send(res, 200, null);
      }
      // The subscription name is the user: an unknown name fails like a wrong password.
      if (!subscription || user?.name !== subscription.name || user.password !== subscription.password)
        return send(res, 401, { detail: 'Unauthorized' });
      if (req.method === 'GET' && match[2] === undefined) {
        const { password: _, ...visible } = subscription;
        return send(res, 200, visible);
      }
      if (req.method === 'GET' && match[2] === '/messages/next')
        return send(res, 200, await this.next(subscription, Number(url.searchParams.get('timeout') ?? 5)));
      if (req.method === 'PATCH' && match[3] !== undefined) {
        await readBody(req);
        const seq = Number(match[3]);
        if (this.holdAcks) {
          this.heldAcks.push(seq);
          return; // Neither answered nor applied.
        }
        return send(res, (await this.acknowledge(subscription.name, seq)) ? 200 : 404, null);
      }
      return send(res, 405, { detail: 'Method Not Allowed' });
    } catch (error) {
      send(res, 500, { detail: `stand-in: ${(error as Error).message}` });
    }
  }

  private async next(subscription: Subscription, timeoutSeconds: number): Promise<unknown> {
    if (subscription.prefill_queue_status !== 'done') {
      await new Promise((resolve) => setTimeout(resolve, Math.min(timeoutSeconds, 1) * 1000));
      return null;
    }
    // Prefill first while it holds anything (a message waiting, or one handed out and not yet acknowledged).
    const waiting = await this.jsm.consumers.info(subscription.name, 'prefill');
    let message: JsMsg | null = null;
    if (waiting.num_pending + waiting.num_ack_pending > 0) {
      const prefill = await this.js.consumers.get(subscription.name, 'prefill');
      message = await prefill.next({ expires: 2000 });
    }
    if (!message) {
      const main = await this.js.consumers.get(subscription.name, 'main');
      message = await main.next({ expires: Math.max(Math.min(timeoutSeconds, this.maxPollSeconds), 1) * 1000 });
    }
    if (!message) return null;
    this.inFlight.set(`${subscription.name}:${message.seq}`, message);
    const delivered = message.info.redeliveryCount;
    const seen = this.deliveries.get(subscription.name) ?? new Map<number, number>();
    seen.set(message.seq, Math.max(seen.get(message.seq) ?? 0, delivered));
    this.deliveries.set(subscription.name, seen);
    return {
      ...codec.decode(message.data),
      ts: new Date().toISOString(),
      sequence_number: message.seq,
      num_delivered: delivered,
    };
  }

  /** Acknowledgement is deletion from the stream; the consumer's ack only frees its one pending slot at once. */
  private async acknowledge(name: string, seq: number): Promise<boolean> {
    let deleted: boolean;
    try {
      deleted = await this.jsm.streams.deleteMessage(name, seq);
    } catch (error) {
      // Unknown sequence number → 404; NATS away (restarting) → 500, and the consumer tries again.
      if (!/no message found/i.test((error as Error).message)) throw error;
      deleted = false;
    }
    const delivered = this.inFlight.get(`${name}:${seq}`);
    this.inFlight.delete(`${name}:${seq}`);
    delivered?.ack();
    return deleted;
  }
}

function basicUser(req: IncomingMessage): { name: string; password: string } | undefined {
  const header = req.headers.authorization ?? '';
  if (!header.startsWith('Basic ')) return undefined;
  const text = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const colon = text.indexOf(':');
  return colon < 0 ? undefined : { name: text.slice(0, colon), password: text.slice(colon + 1) };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
