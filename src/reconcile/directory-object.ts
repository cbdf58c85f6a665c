// A directory object as reconciliation sees it: the last state the directory gave (from the store or read live),
// plus, when the connector provisioned it, what it recorded (a user's context when the directory dropped it).
import type { UdmAttributes } from '../model/values.js';

export interface DirectoryObject {
  objectId: string;
  udmType: string;
  dn: string;
  attrs: UdmAttributes;
  oxState?: Record<string, unknown> | null;
}

/** Where the desired state comes from: every object once (streamed), and one object again by id. */
export interface DesiredSource {
  objects(): Iterable<DirectoryObject>;
  get(objectId: string): DirectoryObject | undefined;
}
