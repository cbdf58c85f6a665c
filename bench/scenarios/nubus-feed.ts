/**
 * The benchmark workload as Provisioning API messages: each queue record of the initial load becomes the create
 * message the Provisioning Service would publish for it (`body.old` = {}, `body.new` = the UDM object keyed on
 * properties.univentionObjectIdentifier). The properties keep the listener encoding of the workload, so the queue
 * files the connector stages are the ones the queue benchmarks feed directly.
 */
import type { ProvisioningApiStandIn, StandInMessage } from '../../test/helpers/provisioning-api-standin.js';
import type { QueueRecord } from '../workload/index.js';

export function createMessage(record: QueueRecord): StandInMessage {
  const position = record.dn.slice(record.dn.indexOf(',') + 1);
  return {
    publisher_name: 'udm-listener',
    realm: 'udm',
    topic: record.udm_object_type,
    body: {
      old: {},
      new: {
        dn: record.dn,
        objectType: record.udm_object_type,
        id: record.id,
        position,
        properties: { ...record.object, univentionObjectIdentifier: record.id },
        options: Object.fromEntries((record.options ?? []).map((name) => [name, true])),
        policies: {},
      },
    },
  };
}

/** Publishes the records into the subscription's main part, a window of publishes in flight at a time. */
export async function fillStream(standIn: ProvisioningApiStandIn, name: string, records: QueueRecord[]): Promise<void> {
  const WINDOW = 256;
  for (let start = 0; start < records.length; start += WINDOW) {
    // JetStream assigns sequence numbers in arrival order; one connection keeps the publishes in order.
    await Promise.all(
      records.slice(start, start + WINDOW).map((record) => standIn.publish(name, 'main', createMessage(record))),
    );
  }
}
