/**
 * The proxy on Node as a command: `npm run proxy` (`tsx proxy/cli.ts`). Reads the environment
 * (env.ts, where every variable is listed), starts the proxy (node.ts), says in one line where it
 * answers and what it forwards to, and stops on SIGINT or SIGTERM. A configuration error is one
 * sentence on stderr and exit code 1.
 */
import { configFromEnv } from './env.ts';
import { startProxy, type RunningProxy } from './node.ts';

async function main(): Promise<void> {
  const config = configFromEnv(process.env);
  if (!config.ok) {
    console.error(`rever-returns proxy: ${config.error}`);
    process.exit(1);
  }
  const { options } = config;
  let proxy: RunningProxy;
  try {
    proxy = await startProxy(options);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const why = code === 'EADDRINUSE' ? `port ${options.port} is in use (set PORT)` : String(error);
    console.error(`rever-returns proxy: could not start: ${why}`);
    process.exit(1);
  }
  const target = proxy.embeddedMock
    ? `embedded mock of REVER at ${proxy.upstream} (REVER_API_URL unset, no key needed)`
    : proxy.upstream;
  const origins = Array.isArray(options.allowedOrigins)
    ? options.allowedOrigins.join(', ')
    : 'localhost origins, any port';
  console.log(`rever-returns proxy on ${proxy.url} → ${target}; allowed origins: ${origins}`);
  if (options.redisUrl) {
    const mode = options.onStoreFailure ?? 'open';
    console.log(
      `rate limits shared in Redis; while it fails: ${mode === 'open' ? 'counted per instance (fail-open)' : 'return intents refused (fail-closed)'}`,
    );
  }
  if (proxy.randomSessionSecret) {
    console.log(
      'SESSION_SECRET unset: session tokens are signed with a random secret for this run ' +
        '(sessions end when the proxy restarts; set SESSION_SECRET to keep them).',
    );
  }
  const stop = () => void proxy.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

await main();
