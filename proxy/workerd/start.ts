/**
 * `npm run proxy:workerd`: the proxy under workerd on this machine, configured and checked as
 * `npm run proxy` is (PORT, REVER_API_URL, REVER_API_KEY, SESSION_SECRET, ALLOWED_ORIGINS). With
 * REVER_API_URL unset it starts the embedded mock and lets the worker reach it on loopback.
 */
import { startMockRever } from '../../mock/node.ts';
import { configFromEnv } from '../env.ts';
import { randomSessionSecret } from '../node.ts';
import { startWorkerdProxy } from './run.ts';

const config = configFromEnv(process.env);
if (!config.ok) {
  console.error(`rever-returns proxy: ${config.error}`);
  process.exit(1);
}
const { options } = config;
let { upstream, apiKey } = options;
let stopMock = async () => {};
if (!upstream) {
  const mock = await startMockRever({ port: 0 });
  upstream = mock.url;
  apiKey = mock.apiKey;
  stopMock = () => mock.close();
  console.log(`embedded mock of REVER at ${mock.url}`);
}
let sessionSecret = options.sessionSecret;
if (!sessionSecret) {
  sessionSecret = randomSessionSecret();
  console.log('SESSION_SECRET not set: a random one for this run (sessions end with it).');
}
const worker = await startWorkerdProxy({
  upstream,
  apiKey: apiKey!,
  sessionSecret,
  // A binding holds a list, not the Node entry's "any localhost port" rule: the demo's origins.
  allowedOrigins: Array.isArray(options.allowedOrigins)
    ? options.allowedOrigins
    : ['http://localhost:5173', 'http://127.0.0.1:5173'],
  ...(options.port === undefined ? {} : { port: options.port }),
  allowLocalUpstream: !options.upstream,
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
