/**
 * `npm run proxy:workerd`: the proxy under workerd on this machine, configured and checked as
 * `npm run proxy` is (PORT, REVER_API_URL, REVER_API_KEY, SESSION_SECRET, ALLOWED_ORIGINS,
 * TRUST_PROXY_HEADER, RATE_LIMIT_STORE_FAILURE, SESSION_BUDGET). With REVER_API_URL unset it starts the embedded
 * mock. The worker may reach the public internet and REVER_API_URL's own addresses (loopback or
 * private ones included), no other local address.
 *
 * `npm run proxy:workerd -- --shared`: two proxies, on PORT and PORT + 1, sharing one Durable
 * Object namespace of rate limits (proxy/workerd/shared.capnp).
 */
import { startMockRever } from '../../mock/node.ts';
import { configFromEnv } from '../env.ts';
import { randomSessionSecret } from '../node.ts';
import { startWorkerdProxy } from './run.ts';

const shared = process.argv.slice(2).includes('--shared');
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
  ...(options.port ? { port: options.port } : {}),
  shared,
  bindings: {
    ...(options.trustProxyHeader ? { TRUST_PROXY_HEADER: options.trustProxyHeader } : {}),
    ...(options.onStoreFailure ? { RATE_LIMIT_STORE_FAILURE: options.onStoreFailure } : {}),
    ...(options.sessionBudget
      ? {
          SESSION_BUDGET: Object.entries(options.sessionBudget)
            .map(([kind, calls]) => `${kind}=${calls}`)
            .join(','),
        }
      : {}),
  },
  log: (line) => console.log(`[workerd] ${line}`),
});
console.log(`rever-returns proxy (workerd) at ${worker.urls.join(' and ')}`);
const stop = async () => {
  await worker.close();
  await stopMock();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
