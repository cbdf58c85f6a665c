/**
 * Replays recorded SOAP requests with no connector logic at all: `concurrency` loops over node:http
 * keep-alive take the requests in recorded order, each waiting for its answer before sending the
 * next. What it reaches is the ceiling any client reaches against that server on this machine.
 */
import http from 'node:http';
import { isUserCreate, type RecordedCall } from './soap-recording.js';

export interface ReplayResult {
  calls: number;
  wallMs: number;
  /** Answers with a status other than 200 (SOAP faults come as 500): the replay is off if many. */
  notOk: number;
  /** Time of the first and last user-create answer, ms since the replay started. */
  firstUserCreateMs?: number;
  lastUserCreateMs?: number;
  userCreates: number;
}

/** Sends `call` and resolves with the HTTP status once the whole answer has arrived. */
function send(agent: http.Agent, target: URL, call: RecordedCall): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: target.hostname,
        port: target.port,
        method: 'POST',
        path: call.path,
        agent,
        headers: [...call.headers, 'Host', target.host, 'Content-Length', String(call.body.length)],
      },
      (res) => {
        res.on('data', () => undefined);
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(call.body);
  });
}

/** The service of `OXUserService.create`: a change of service is a phase boundary of the connector. */
const serviceOf = (operation: string) => operation.slice(0, operation.indexOf('.'));

/** For each call, the index of the first call of its phase (the run of calls to one service it is in). */
function phaseStarts(calls: RecordedCall[]): number[] {
  const starts: number[] = [];
  calls.forEach((call, i) => {
    const same = i > 0 && serviceOf(call.operation) === serviceOf(calls[i - 1].operation);
    starts.push(same ? starts[i - 1] : i);
  });
  return starts;
}

/**
 * Replays `calls` against `soapServer` (e.g. `http://127.0.0.1:4001`). No call of a phase (a run of
 * calls to one service) is sent before every call of the phases before is answered: the connector's phases
 * (context, users, groups, …) follow each other, and a group must not reach OX before the users it
 * names exist. Within a phase nothing else holds a loop back — no connector logic at all.
 */
export async function replayCalls(
  calls: RecordedCall[],
  soapServer: string,
  concurrency: number,
): Promise<ReplayResult> {
  const target = new URL(soapServer);
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const result: ReplayResult = { calls: calls.length, wallMs: 0, notOk: 0, userCreates: 0 };
  const starts = phaseStarts(calls);
  let next = 0;
  let answered = 0;
  const waiting: Array<() => void> = [];
  const wake = () => {
    for (const resume of waiting.splice(0)) resume();
  };
  const started = performance.now();

  async function loop(): Promise<void> {
    while (next < calls.length) {
      const index = next++;
      const call = calls[index];
      // Only calls before `starts[index]` can have been sent until it is reached, so this means all of them.
      while (answered < starts[index]) await new Promise<void>((resume) => waiting.push(resume));
      const status = await send(agent, target, call);
      const at = performance.now() - started;
      if (status !== 200) result.notOk++;
      if (isUserCreate(call.operation)) {
        result.userCreates++;
        result.firstUserCreateMs ??= at;
        result.lastUserCreateMs = at;
      }
      answered++;
      wake();
    }
  }

  try {
    await Promise.all(Array.from({ length: concurrency }, loop));
  } finally {
    agent.destroy();
  }
  result.wallMs = performance.now() - started;
  return result;
}
