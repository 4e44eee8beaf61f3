/**
 * Several Node proxy instances on one machine, in front of the embedded mock, sharing one Redis
 * (for the rate limits) and one session secret (for the tokens), as behind a load balancer:
 * `npm run proxy:cluster`. For people to try, and for the tests.
 *
 * INSTANCES (default 3) instances listen on BASE_PORT, BASE_PORT+1… (default 8801). REDIS_URL
 * names a Redis to share; unset, a throwaway redis-server is started. RATE_LIMIT_STORE_FAILURE
 * (open | closed) and TRUST_PROXY_HEADER pass through to every instance.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startMockRever } from '../../mock/node.ts';
import { randomSessionSecret } from '../node.ts';
import { startRedis, type RunningRedis } from './redis-server.ts';

const NODE_ENTRY = fileURLToPath(new URL('../cli.ts', import.meta.url));

export interface ClusterOptions {
  instances?: number;
  /** First port; 0 gives each instance a free one. */
  basePort?: number;
  /** A Redis to share; unset starts a throwaway one. */
  redisUrl?: string;
  onStoreFailure?: 'open' | 'closed';
  trustProxyHeader?: string;
  allowedOrigins?: string[];
  /** Every instance's output, line by line, prefixed with its index (default dropped). */
  log?: (line: string) => void;
}

export interface Instance {
  url: string;
  process: ChildProcess;
  /** What the instance has written so far (stdout and stderr). */
  output: string[];
}

export interface RunningCluster {
  instances: Instance[];
  /** The throwaway Redis, when the cluster started one (to stop it in tests). */
  redis?: RunningRedis;
  redisUrl: string;
  mockUrl: string;
  sessionSecret: string;
  stop(): Promise<void>;
}

function startInstance(
  index: number,
  port: number,
  env: Record<string, string>,
  log: (line: string) => void,
): Promise<Instance> {
  const child = spawn(process.execPath, ['--import', 'tsx', NODE_ENTRY], {
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`instance ${index} did not start`)), 20_000);
    const onLine = (line: string) => {
      output.push(line);
      log(`[${index}] ${line}`);
      const started = /rever-returns proxy on (http:\/\/\S+)/.exec(line);
      if (started) {
        clearTimeout(timer);
        resolve({ url: started[1]!, process: child, output });
      }
    };
    for (const stream of [child.stdout, child.stderr]) {
      let rest = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        const lines = (rest + chunk).split('\n');
        rest = lines.pop() ?? '';
        lines.forEach(onLine);
      });
    }
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`instance ${index} exited with ${code}: ${output.join(' | ')}`));
    });
  });
}

/** SIGTERM, and SIGKILL if the instance has not exited within 3 s. */
async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
  await exited;
  clearTimeout(timer);
}

export async function startCluster(options: ClusterOptions = {}): Promise<RunningCluster> {
  const count = options.instances ?? 3;
  const basePort = options.basePort ?? 8801;
  const log = options.log ?? (() => {});
  const mock = await startMockRever({ port: 0 });
  const redis = options.redisUrl ? undefined : await startRedis();
  const redisUrl = options.redisUrl ?? redis!.url;
  const sessionSecret = randomSessionSecret();
  const env: Record<string, string> = {
    REVER_API_URL: mock.url,
    REVER_API_KEY: mock.apiKey,
    SESSION_SECRET: sessionSecret,
    REDIS_URL: redisUrl,
    RATE_LIMIT_STORE_FAILURE: options.onStoreFailure ?? 'open',
    ...(options.trustProxyHeader ? { TRUST_PROXY_HEADER: options.trustProxyHeader } : {}),
    ...(options.allowedOrigins ? { ALLOWED_ORIGINS: options.allowedOrigins.join(',') } : {}),
  };
  const instances: Instance[] = [];
  const stop = async () => {
    await Promise.all(instances.map((i) => stopProcess(i.process)));
    await redis?.stop();
    await mock.close();
  };
  try {
    for (let i = 0; i < count; i++) {
      const port = basePort === 0 ? 0 : basePort + i;
      instances.push(await startInstance(i, port, env, log));
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    instances,
    ...(redis ? { redis } : {}),
    redisUrl,
    mockUrl: mock.url,
    sessionSecret,
    stop,
  };
}

function isEntry(): boolean {
  const entry = process.argv[1];
  try {
    return !!entry && realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntry()) {
  const env = process.env;
  const failure = env['RATE_LIMIT_STORE_FAILURE'];
  const cluster = await startCluster({
    instances: Number(env['INSTANCES'] ?? 3),
    basePort: Number(env['BASE_PORT'] ?? 8801),
    ...(env['REDIS_URL'] ? { redisUrl: env['REDIS_URL'] } : {}),
    ...(failure === 'open' || failure === 'closed' ? { onStoreFailure: failure } : {}),
    ...(env['TRUST_PROXY_HEADER'] ? { trustProxyHeader: env['TRUST_PROXY_HEADER'] } : {}),
    log: (line) => console.log(line),
  });
  console.log(
    `${cluster.instances.length} proxy instances sharing Redis at ${cluster.redisUrl} and one ` +
      `session secret, in front of the embedded mock at ${cluster.mockUrl}:`,
  );
  for (const instance of cluster.instances) console.log(`  ${instance.url}`);
  const stop = () => void cluster.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
