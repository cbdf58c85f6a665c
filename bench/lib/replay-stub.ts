/**
 * A DIAGNOSTIC STUB, not an OX and not the emulator: a tiny HTTP server that answers every SOAP call
 * after `latencyMs` with the answer the emulator gave to the first call of the same `Service.operation`
 * in a recording. Creates get a fresh id, so the connector stores distinct ids. It costs almost no
 * CPU per call, so a connector run against it shows what the connector reaches when OX is free
 * (decision 0064). Benchmark targets are never measured against it.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { operationOf, type RecordedAnswer } from './soap-recording.js';

export interface ReplayStub {
  /** What OX_SOAP_SERVER must be set to. */
  soapServer: string;
  /** Calls answered, and calls for which no recorded answer existed (answered with a fault). */
  answered: number;
  unknown: number;
  stop(): Promise<void>;
}

/** The first `<id>` / `<ns:id>` element of an answer: the created object's id. */
const FIRST_ID = /<((?:[A-Za-z_][\w.-]*:)?id)>\d+<\/\1>/;

/** Creates of objects the connector keys by OX id; the context keeps the id it asked for. */
function needsFreshId(operation: string): boolean {
  return /\.create/.test(operation) && !operation.startsWith('OXContextService.');
}

function unknownOperationFault(operation: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">' +
    '<soap:Body><soap:Fault><faultcode>soap:Server</faultcode>' +
    `<faultstring>replay stub: no recorded answer for ${operation}</faultstring>` +
    '</soap:Fault></soap:Body></soap:Envelope>'
  );
}

export async function startReplayStub(answers: Map<string, RecordedAnswer>, latencyMs: number): Promise<ReplayStub> {
  let nextId = 1_000_000; // far above anything the recording's emulator handed out
  const stub = { answered: 0, unknown: 0 };

  const server = http.createServer((req, res) => {
    const operation = operationOf(req.url ?? '/', req.headers.soapaction as string | undefined);
    req.on('data', () => undefined);
    req.on('end', () => {
      void sleep(latencyMs).then(() => {
        const answer = answers.get(operation);
        let status = 500;
        let contentType = 'text/xml; charset=UTF-8';
        let body = unknownOperationFault(operation);
        if (answer) {
          ({ status, contentType, body } = answer);
          if (needsFreshId(operation))
            body = body.replace(FIRST_ID, (_m, tag: string) => `<${tag}>${nextId++}</${tag}>`);
          stub.answered++;
        } else stub.unknown++;
        res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) });
        res.end(body);
      });
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    soapServer: `http://127.0.0.1:${port}`,
    get answered() {
      return stub.answered;
    },
    get unknown() {
      return stub.unknown;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
