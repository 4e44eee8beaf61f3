/**
 * `npx tsx scripts/bench/transport.ts`: the proxy's upstream transport on Node, the hand-written
 * node:http one (proxy/node-fetch.ts) against undici's request() over a kept-alive Agent with its
 * decompress interceptor, the same calls to the same upstream: a gzip-compressed JSON answer of a
 * few kilobytes, as REVER's answers are. The upstream runs in a child process, so the CPU time
 * measured is the transport's own. Prints µs per call (wall, sequential and 16 in flight) and the
 * client process's CPU µs per call, for several alternating rounds.
 */
import { spawn } from 'node:child_process';
import { Agent, interceptors, request } from 'undici';
import { createNodeFetch } from '../../proxy/node-fetch.ts';

const CALLS = Number(process.env['CALLS'] ?? 2000);
const ROUNDS = Number(process.env['ROUNDS'] ?? 3);
const IN_FLIGHT = 16;

const SERVER = `
const http = require('node:http');
const zlib = require('node:zlib');
const lines = Array.from({ length: 20 }, (_, i) => ({ id: 'li_' + i, name: 'Linen shirt ' + i, quantity: 1, total: 4990 }));
const json = JSON.stringify({ order: { id: 'o1', return_id: 'ret_1', line_items: lines } });
const gz = zlib.gzipSync(json);
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    const gzip = /gzip/.test(req.headers['accept-encoding'] || '');
    res.writeHead(200, { 'content-type': 'application/json', 'keep-alive': 'timeout=60', ...(gzip ? { 'content-encoding': 'gzip' } : {}) });
    res.end(gzip ? gz : json);
  });
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => process.stdout.write(String(server.address().port) + '\\n'));
`;

type Call = () => Promise<number>;

async function measure(call: Call, inFlight: number): Promise<{ wallUs: number; cpuUs: number }> {
  for (let i = 0; i < 200; i++) await call();
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  let next = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next++ < CALLS) await call();
    }),
  );
  const wall = Number(process.hrtime.bigint() - start) / 1000;
  const used = process.cpuUsage(cpu);
  return { wallUs: wall / CALLS, cpuUs: (used.user + used.system) / CALLS };
}

const child = spawn(process.execPath, ['-e', SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
const port = await new Promise<string>((resolve) =>
  child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim())),
);
const url = `http://127.0.0.1:${port}/returns/ret_1/refund_options`;
const headers = { accept: 'application/json', 'x-rever-api-key': 'sk_bench' };

const nodeFetch = createNodeFetch();
const handWritten: Call = async () => {
  const answer = await nodeFetch(url, { method: 'GET', headers, redirect: 'manual' });
  return (await answer.arrayBuffer()).byteLength;
};
const agent = new Agent({ keepAliveTimeout: 30_000 }).compose(interceptors.decompress());
const undiciRequest: Call = async () => {
  const { body } = await request(url, {
    method: 'GET',
    headers: { ...headers, 'accept-encoding': 'gzip, deflate, br' },
    dispatcher: agent,
  });
  return (await body.arrayBuffer()).byteLength;
};

// Both hand on the same decoded body.
const [a, b] = [await handWritten(), await undiciRequest()];
if (a !== b || a < 1000) throw new Error(`bodies differ: ${a} and ${b} bytes`);

const rows: string[] = [];
for (let round = 1; round <= ROUNDS; round++) {
  for (const [name, call] of [
    ['node-fetch.ts', handWritten],
    ['undici request', undiciRequest],
  ] as const) {
    const one = await measure(call, 1);
    const many = await measure(call, IN_FLIGHT);
    rows.push(
      `round ${round}  ${name.padEnd(15)} sequential ${one.wallUs.toFixed(0).padStart(5)} µs/call ` +
        `(cpu ${one.cpuUs.toFixed(0).padStart(4)} µs)   ${IN_FLIGHT} in flight ` +
        `${many.wallUs.toFixed(0).padStart(5)} µs/call (cpu ${many.cpuUs.toFixed(0).padStart(4)} µs)`,
    );
    console.log(rows.at(-1));
  }
}
child.kill();
await agent.close();
