/**
 * `npm run proxy:workerd`: the proxy under workerd on this machine, configured like
 * `npm run proxy` (PORT, REVER_API_URL, REVER_API_KEY, ALLOWED_ORIGINS). With REVER_API_URL unset
 * it starts the embedded mock and lets the worker reach it on loopback.
 */
import { randomBytes } from 'node:crypto';
import { startMockRever } from '../../mock/node.ts';
import { parseOrigins } from '../worker.ts';
import { startWorkerdProxy } from './run.ts';

const env = process.env;
const port = Number(env['PORT'] ?? 8787);
let upstream = env['REVER_API_URL'] ?? '';
let apiKey = env['REVER_API_KEY'] ?? '';
let stopMock = async () => {};
let sessionSecret = env['SESSION_SECRET'] ?? '';
if (upstream && (!apiKey || sessionSecret.length < 32)) {
  console.error(
    'REVER_API_KEY and SESSION_SECRET (32+ characters) are required when REVER_API_URL is set.',
  );
  process.exit(1);
}
if (!sessionSecret) {
  sessionSecret = randomBytes(32).toString('base64url');
  console.log('SESSION_SECRET not set: a random one for this run (sessions end with it).');
}
if (!upstream) {
  const mock = await startMockRever({ port: 0 });
  upstream = mock.url;
  apiKey = mock.apiKey;
  stopMock = () => mock.close();
  console.log(`embedded mock of REVER at ${mock.url}`);
}
const origins = parseOrigins(env['ALLOWED_ORIGINS']);
const worker = await startWorkerdProxy({
  upstream,
  apiKey,
  sessionSecret,
  allowedOrigins: origins.length ? origins : [`http://localhost:5173`, `http://127.0.0.1:5173`],
  port,
  allowLocalUpstream: !env['REVER_API_URL'],
  log: (line) => console.log(`[workerd] ${line}`),
});
console.log(`rever-returns proxy (workerd) at ${worker.url}`);
const stop = async () => {
  await worker.close();
  await stopMock();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
