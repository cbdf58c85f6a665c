import { describe, expect, it } from 'vitest';
import {
  answersInBursts,
  connectionIdleShare,
  joinCallTimings,
  summarizeCallTimings,
} from '../../../bench/lib/call-timing.js';

describe('benchmark: pairing the connector’s and the emulator’s notes of the same SOAP calls', () => {
  it('pairs calls per connection in order and splits each into its parts', () => {
    const client = [
      // Port 5001 carries two calls one after the other; port 5002 one call.
      { port: 5001, s: 100.1, h: 106, e: 106.2 },
      { port: 5001, s: 106.4, h: 113, e: 113.1 },
      { port: 5002, s: 101.2, h: 107.5, e: 107.6 },
    ];
    const server = [
      { port: 5002, a: 101.5, f: 106.6 },
      { port: 5001, a: 106.9, f: 112.0 },
      { port: 5001, a: 100.3, f: 105.4 },
    ];
    const calls = joinCallTimings(client, server);
    expect(calls).toHaveLength(3);
    const first = calls.find((c) => Math.abs(c.total - 6.1) < 1e-9)!;
    expect(first.toServer).toBeCloseTo(0.2);
    expect(first.server).toBeCloseTo(5.1);
    expect(first.toClient).toBeCloseTo(0.6);
    expect(first.body).toBeCloseTo(0.2);
    // The parts add up to the whole call.
    for (const c of calls) expect(c.toServer + c.server + c.toClient + c.body).toBeCloseTo(c.total);
    const second = calls.find((c) => Math.abs(c.total - 6.7) < 1e-9)!;
    expect(second.server).toBeCloseTo(5.1);
    expect(second.toClient).toBeCloseTo(1.0);
  });

  it('leaves out calls one side did not see through, and server notes of other connections or times', () => {
    const client = [
      { port: 7001, s: 10.1 }, // never answered (the run was stopped)
      { port: 7002, s: 20.1, h: 26, e: 26.1 },
      { port: 7003, s: 30.1, h: 36, e: 36.1 }, // the emulator has no note of it
    ];
    const server = [
      { port: 7001, a: 10.2 }, // answer never written
      { port: 7002, a: 2, f: 7 }, // an earlier call on a reused port number: before this call began
      { port: 7002, a: 20.3, f: 25.5 },
      { port: 9999, a: 30.2, f: 35 },
    ];
    const calls = joinCallTimings(client, server);
    expect(calls).toHaveLength(1);
    expect(calls[0].toServer).toBeCloseTo(0.2);
    expect(calls[0].server).toBeCloseTo(5.2);
  });

  it('summarises every part with mean and percentiles', () => {
    const calls = [1, 2, 3, 4].map((n) => ({
      write: n,
      toServer: 0,
      server: 5,
      toClient: 2 * n,
      body: 0,
      total: 5 + 3 * n,
    }));
    const summary = summarizeCallTimings(calls);
    const toClient = summary.find((s) => s.segment === 'toClient')!;
    expect(toClient.mean).toBe(5);
    expect(toClient.p50).toBe(4);
    expect(toClient.p99).toBe(8);
    expect(summary.map((s) => s.segment)).toEqual(['toServer', 'server', 'toClient', 'body', 'total']);
  });

  it('counts the answers handed over together with another one', () => {
    const server = [
      { a: 0, f: 10 },
      { a: 0.5, f: 10.05 }, // with the one before
      { a: 1, f: 11 },
      { a: 2, f: 12.5 },
      { a: 2.1, f: 12.52 },
      { a: 2.2, f: 12.58 }, // three together
      { a: 3 }, // never answered
    ];
    expect(answersInBursts(server)).toBeCloseTo(5 / 6);
    expect(answersInBursts([])).toBe(0);
  });

  it('measures how long connections sat idle between two calls', () => {
    const client = [
      { port: 1, s: 0, h: 5, e: 5 },
      { port: 1, s: 6, h: 11, e: 11 }, // 1 ms idle before it
      { port: 2, s: 0, h: 5, e: 5 },
      { port: 2, s: 5, h: 10, e: 10 }, // none
      { port: 2, s: 10 }, // never answered: not counted
    ];
    // Idle 1 ms of (11 + 10) ms the connections were in use.
    expect(connectionIdleShare(client)).toBeCloseTo(1 / 21);
    expect(connectionIdleShare([])).toBe(0);
  });
});
