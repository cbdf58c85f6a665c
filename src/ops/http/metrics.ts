// /metrics (decision 0292): prom-client with a registry of its own. Figures that live in the store or the
// queue directory (depth, oldest age, parked, last success) are read when scraped; what happens in the process
// (objects' outcomes, SOAP calls) is counted as it happens, through the observers the OX client and the engine
// are given (their rooms know nothing of prom-client).
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { queueFigures } from '../queue-figures.js';
import { OxActivity, Throughput } from './activity.js';
import type { WatchedStore } from './watched-store.js';

/** The shape of ox/'s SoapCallEnded (structural: ops/ does not import the OX client). */
interface SoapCall {
  service: string;
  operation: string;
  seconds: number;
  fault?: string;
  answered: boolean;
}

/** SOAP calls take milliseconds against a near OX and up to the 60 s timeout against a struggling one. */
const SOAP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

export class ConnectorMetrics {
  readonly registry = new Registry();
  readonly ox = new OxActivity();
  readonly throughput = new Throughput();
  private watched: WatchedStore | undefined;
  private readonly objects: Counter<'type' | 'result'>;
  private readonly soapDuration: Histogram<'service' | 'operation'>;
  private readonly soapFaults: Counter<'service' | 'operation' | 'kind'>;

  constructor() {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    const gauge = (name: string, help: string, read: (w: WatchedStore) => number) => {
      const g: Gauge = new Gauge({
        name,
        help,
        registers,
        collect: () => {
          if (this.watched) g.set(read(this.watched));
        },
      });
    };
    gauge(
      'ox_connector_queue_depth',
      'Queue items (files) waiting in the listener directory',
      (w) => queueFigures(w.queueDir).depth,
    );
    gauge(
      'ox_connector_queue_oldest_age_seconds',
      'How long the first queued item has waited (0 when the queue is empty)',
      (w) => queueFigures(w.queueDir).oldestAgeSeconds,
    );
    gauge(
      'ox_connector_parked_objects',
      'Objects parked after a failure, waiting for a fix, a retry or a skip',
      (w) => w.store.allParked().length,
    );
    gauge(
      'ox_connector_last_success_timestamp_seconds',
      'When a change was last provisioned (Unix time; 0: none yet)',
      (w) => {
        const at = w.store.health().last_success_at;
        return at ? Date.parse(at) / 1000 : 0;
      },
    );
    this.objects = new Counter({
      name: 'ox_connector_objects_total',
      help: 'Attempts at objects by UDM type and result: provisioned, parked, transient (tried again)',
      labelNames: ['type', 'result'],
      registers,
    });
    this.soapDuration = new Histogram({
      name: 'ox_connector_soap_request_duration_seconds',
      help: 'SOAP requests to OX, from sending to the decoded answer or fault',
      labelNames: ['service', 'operation'],
      buckets: SOAP_BUCKETS,
      registers,
    });
    this.soapFaults = new Counter({
      name: 'ox_connector_soap_faults_total',
      help: 'Failed SOAP requests by fault kind (notFound/alreadyExists are often expected: repeat-safe provisioning)',
      labelNames: ['service', 'operation', 'kind'],
      registers,
    });
  }

  /** The store and queue the gauges read (the runner's, once it exists). */
  watch(watched: WatchedStore): void {
    this.watched = watched;
  }

  /** The OX client's observer (ox/observer.ts). */
  callEnded(call: SoapCall): void {
    const labels = { service: call.service, operation: call.operation };
    this.soapDuration.observe(labels, call.seconds);
    if (call.fault !== undefined) this.soapFaults.inc({ ...labels, kind: call.fault });
    this.ox.callEnded(call.answered);
  }

  /** The engine's observer (engine/outcomes.ts). */
  objectOutcome(type: string, result: string): void {
    this.objects.inc({ type, result });
    if (result === 'provisioned') this.throughput.add();
  }

  async text(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
