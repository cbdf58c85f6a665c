export { encodeRequest, encodeResponse, encodeFault, type FaultSpec } from './encode.js';
export {
  decodeRequest,
  decodeResponse,
  decodeFaultOnly,
  type DecodedRequest,
  type DecodedResponse,
  type DecodedFault,
} from './decode.js';
export { parseBody } from './xml-tree.js';
export {
  allServices,
  allTypes,
  complexType,
  operationMeta,
  serviceMeta,
  FAULTS,
  type MemberMeta,
  type TypeMeta,
  type OperationMeta,
  type ServiceMeta,
  type FaultMeta,
} from './metadata.js';
export { escapeXml } from './xml-text.js';
