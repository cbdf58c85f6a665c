// Benchmark (not a test): SOAP calls per second the emulator sustains for OXUserService.getData and change
// with a concurrent keep-alive client and no latency, and the codec's encode+decode time per full User.
// Run: npm run bench:emulator
import { startEmulator } from '../src/emulator/index.js';
import { OxClient, codec } from '../src/ox/index.js';

const CONCURRENCY = 32;
const DURATION_MS = 3000;
const masterPassword = 'bench-master';

function fullUser(i: number): Record<string, unknown> {
  const user: Record<string, unknown> = {};
  for (const m of codec.complexType('User').members) {
    if (m.typeKey !== undefined) continue;
    user[m.name] =
      m.simple === 'int' || m.simple === 'long'
        ? i
        : m.simple === 'boolean'
          ? true
          : m.simple === 'date'
            ? '1980-05-02'
            : m.simple === 'base64Binary'
              ? 'AAECAw=='
              : `${m.name} value ${i}`;
    if (m.many) user[m.name] = [user[m.name], `${m.name}-2@example.org`];
  }
  return user;
}

function codecMicros(): number {
  const user = fullUser(7);
  const rounds = 20_000;
  for (let i = 0; i < 2000; i++)
    codec.decodeResponse('OXUserService', 'getData', codec.encodeResponse('OXUserService', 'getData', user));
  const t0 = performance.now();
  for (let i = 0; i < rounds; i++)
    codec.decodeResponse('OXUserService', 'getData', codec.encodeResponse('OXUserService', 'getData', user));
  return ((performance.now() - t0) * 1000) / rounds;
}

async function callsPerSecond(client: OxClient, call: (i: number) => Promise<unknown>): Promise<number> {
  let done = 0;
  const end = performance.now() + DURATION_MS;
  const worker = async (w: number) => {
    for (let i = w; performance.now() < end; i += CONCURRENCY) {
      await call(i);
      done += 1;
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, (_, w) => worker(w)));
  return done / ((performance.now() - t0) / 1000);
}

const emu = await startEmulator({ masterPassword });
const client = new OxClient({
  baseUrl: emu.url,
  maxSockets: CONCURRENCY,
  credentials: {
    master: () => ({ login: 'oxadminmaster', password: masterPassword }),
    contextAdmin: () => ({ login: 'oxadmin', password: 'admin' }),
  },
});
await client.call('OXContextService', 'create', {
  ctx: { id: 1, maxQuota: -1 },
  admin_user: {
    name: 'oxadmin',
    display_name: 'Admin',
    given_name: 'A',
    sur_name: 'D',
    password: 'admin',
    primaryEmail: 'admin@b.org',
    email1: 'admin@b.org',
  },
});
const ids: number[] = [];
for (let i = 0; i < 100; i++) {
  const u = await client.call('OXUserService', 'create', {
    ctx: { id: 1 },
    usrdata: {
      name: `u${i}`,
      display_name: `User ${i}`,
      given_name: 'U',
      sur_name: `${i}`,
      password: 'pw',
      primaryEmail: `u${i}@b.org`,
      email1: `u${i}@b.org`,
    },
  });
  ids.push(u!.id as number);
}

const getData = await callsPerSecond(client, (i) =>
  client.call('OXUserService', 'getData', { ctx: { id: 1 }, user: { id: ids[i % ids.length] } }),
);
const change = await callsPerSecond(client, (i) =>
  client.call('OXUserService', 'change', {
    ctx: { id: 1 },
    usrdata: { id: ids[i % ids.length], department: `Dept ${i}`, city_home: `City ${i}` },
  }),
);
const micros = codecMicros();
client.close();
await emu.close();

const rows: [string, string, string][] = [
  ['OXUserService.getData', `${getData.toFixed(0)} calls/s`, '>= 2000 calls/s'],
  ['OXUserService.change', `${change.toFixed(0)} calls/s`, '>= 2000 calls/s'],
  ['codec encode+decode, full User', `${(micros / 1000).toFixed(3)} ms`, '< 0.2 ms'],
];
console.log(
  `emulator benchmark (node ${process.version}, ${CONCURRENCY} concurrent keep-alive requests, ${DURATION_MS / 1000} s each, no latency)\n`,
);
console.log('| measurement | result | target |\n|---|---|---|');
for (const [what, result, target] of rows) console.log(`| ${what} | ${result} | ${target} |`);
