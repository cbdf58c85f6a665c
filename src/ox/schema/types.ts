/**
 * Every OX SOAP data type, as data (docs/reference/ox-soap-types.md), gathered from data-types/, one file per group
 * of objects. A member is `[elementName, xsdType, ...flags]`:
 * - xsdType: an XSD simple type (`string`, `int`, `long`, `boolean`, `date`, `base64Binary`, `anyType`)
 *   or the key of another entry in OX_TYPES;
 * - flags: `many` (maxOccurs unbounded), `notNil` (not nillable), `required` (minOccurs 1).
 * Every member is minOccurs 0 and nillable unless flagged. Members are in the type's propOrder: the encoder
 * emits them in exactly this order, and the WSDL's xs:sequence lists them in this order.
 *
 * `xmlName` is the type's name on the wire; several entries may share one (per-service variants of `User`,
 * the id-only `Context`/`User`/`Group` of OXSecondaryAccountService). `ns` is the type's namespace, which is
 * also the namespace of its member elements (Credentials and Quota: rmido; everything else: do).
 */
import { USER_TYPES } from './data-types/users.js';
import { CONTEXT_TYPES } from './data-types/contexts.js';
import { GROUP_AND_RESOURCE_TYPES } from './data-types/groups-resources.js';
import { ACCOUNT_AND_DEPUTY_TYPES } from './data-types/accounts.js';
import { SHARED_TYPES } from './data-types/shared.js';

export const OX_TYPES = {
  ...USER_TYPES,
  ...CONTEXT_TYPES,
  ...GROUP_AND_RESOURCE_TYPES,
  ...ACCOUNT_AND_DEPUTY_TYPES,
  ...SHARED_TYPES,
} as const;
