/**
 * Turning failures into OX-shaped SOAP faults (docs/reference/ox-faults.md): always HTTP 500; `soap:Server` with OX's
 * detail element for admin exceptions; `soap:Client` naming the offending element for requests we cannot decode.
 */
import { encodeFault } from '../ox/codec/index.js';
import type { NamespaceKey } from '../ox/schema/index.js';

// OX numbers exceptions "<random per JVM>-<counter>"; the wire layer keeps its own sequence for its faults.
const processId = Math.floor(Math.random() * 0x7fffffff) * (Math.random() < 0.5 ? -1 : 1);
let counter = 0;

/** Appends OX's `; exceptionId <n>-<m>` unless the message already carries one (the model adds its own). */
export function withExceptionId(message: string): string {
  if (/; exceptionId -?\d+-\d+/.test(message)) return message;
  counter += 1;
  return `${message}; exceptionId ${processId}-${counter}`;
}

/** Duck-typed so the wire layer does not depend on the model's module layout. */
export interface ModelFault {
  exceptionName: string;
  message: string;
}

export function isModelFault(error: unknown): error is ModelFault {
  return (
    error instanceof Error &&
    typeof (error as Partial<ModelFault>).exceptionName === 'string' &&
    /Exception$/.test((error as unknown as ModelFault).exceptionName)
  );
}

export function serverFault(serviceNs: NamespaceKey, exceptionName: string, message: string): string {
  return encodeFault({ faultCode: 'soap:Server', faultString: withExceptionId(message), exceptionName, serviceNs });
}

export function clientFault(serviceNs: NamespaceKey, message: string): string {
  return encodeFault({ faultCode: 'soap:Client', faultString: message, serviceNs });
}
