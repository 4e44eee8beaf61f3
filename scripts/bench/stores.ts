/**
 * What a rate-limit hit costs in each store, where the proxy uses it (issue 18):
 * - under workerd (scripts/bench/store-worker.ts): this isolate's memory, and the Durable Object
 *   store (a round trip to the key's RateLimitCounter, in the same workerd process here; on
 *   Cloudflare a network hop to wherever the object lives, so more);
 * - under Node: memory, and Redis (`@redis/client` on a throwaway redis-server on loopback; it
 *   needs node:net, so it does not run under workerd).
 * Hits are made one after another (the latency a request waits for each limit key), over several
 * keys; per hit: the wall time, and the CPU of the process that makes them (under workerd, the
 * workerd process, the Durable Object's share included; under Node, this process only, not the
 * redis-server's). Medians over rounds.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../proxy/free-port.ts';
import { MemoryRateLimitStore, type RateLimitStore } from '../../proxy/rate-limit.ts';
import { createRedisStore } from '../../proxy/redis-store.ts';
import { startRedis } from '../../proxy/cluster/redis-server.ts';
import { bundleWorker, waitUntilUp, workerdBin } from '../../proxy/workerd/run.ts';
import { median } from './browser.ts';

export interface StoreCost {
  /** Hits per round. */
  hits: number;
  /** Median wall time per hit, µs. */
  wallUs: number;
  /** Median CPU per hit of the process making the hits, µs. */
  cpuUs: number;
}

export interface StoreFigures {
  rounds: number;
  keys: number;
  memoryWorkerd: StoreCost;
  durableObject: StoreCost;
  memoryNode: StoreCost;
  /** Undefined when no redis-server was found (why, in `redisMissing`). */
  redis?: StoreCost;
  redisMissing?: string;
}

const WORKER = fileURLToPath(new URL('./store-worker.ts', import.meta.url));

/** CPU time (user + system, µs) a process has used so far; Linux only, else NaN. */
async function cpuUsOf(pid: number): Promise<number> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1_000_000) / 100;
  } catch {
    return NaN;
  }
}

const selfCpuUs = () => {
  const { user, system } = process.cpuUsage();
  return user + system;
};

function summary(hits: number, samples: { wallUs: number; cpuUs: number }[]): StoreCost {
  return {
    hits,
    wallUs: median(samples.map((s) => s.wallUs / hits)),
    cpuUs: median(samples.map((s) => s.cpuUs / hits)),
  };
}

/** A workerd running the bench worker, with a RATE_LIMITS namespace kept in memory. */
async function startStoreWorker(): Promise<{
  url: string;
  pid: number;
  close(): Promise<void>;
}> {
  const dir = await mkdtemp(join(tmpdir(), 'rever-bench-stores-'));
  await bundleWorker(join(dir, 'worker.js'), WORKER);
  const port = await freePort();
  await writeFile(
    join(dir, 'config.capnp'),
    `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [(name = "bench", worker = .bench)],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "bench")],
);
const bench :Workerd.Worker = (
  modules = [(name = "worker.js", esModule = embed "worker.js")],
  compatibilityDate = "2026-11-01",
  bindings = [(name = "RATE_LIMITS", durableObjectNamespace = "RateLimitCounter")],
  durableObjectNamespaces = [(className = "RateLimitCounter", uniqueKey = "rever-bench")],
  durableObjectStorage = (inMemory = void),
);
`,
  );
  const child = spawn(workerdBin(), ['serve', join(dir, 'config.capnp')], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const close = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitUntilUp(url, child);
  } catch (error) {
    await close();
    throw error;
  }
  return { url, pid: child.pid!, close };
}

/** One request that makes `n` hits in the worker: its wall time and workerd's CPU, less an empty one's. */
async function workerRound(
  worker: { url: string; pid: number },
  store: 'memory' | 'do',
  n: number,
  keys: number,
  prefix: string,
): Promise<{ wallUs: number; cpuUs: number }> {
  const once = async (hits: number) => {
    const cpu = await cpuUsOf(worker.pid);
    const started = performance.now();
    const answer = await fetch(
      `${worker.url}/?store=${store}&n=${hits}&keys=${keys}&prefix=${prefix}`,
    );
    if (!answer.ok) throw new Error(`bench worker answered ${answer.status}`);
    await answer.arrayBuffer();
    return {
      wallUs: (performance.now() - started) * 1000,
      cpuUs: (await cpuUsOf(worker.pid)) - cpu,
    };
  };
  const empty = await once(0);
  const full = await once(n);
  return { wallUs: full.wallUs - empty.wallUs, cpuUs: full.cpuUs - empty.cpuUs };
}

/** `n` hits one after another in this process. */
async function nodeRound(
  store: RateLimitStore,
  n: number,
  keys: number,
  prefix: string,
): Promise<{ wallUs: number; cpuUs: number }> {
  const cpu = selfCpuUs();
  const started = performance.now();
  for (let i = 0; i < n; i++) await store.hit(`${prefix}:${i % keys}`, 600_000);
  return { wallUs: (performance.now() - started) * 1000, cpuUs: selfCpuUs() - cpu };
}

export async function runStoreBench(
  options: { rounds?: number; memoryHits?: number; remoteHits?: number; keys?: number } = {},
): Promise<StoreFigures> {
  const rounds = options.rounds ?? 5;
  const memoryHits = options.memoryHits ?? 200_000;
  const remoteHits = options.remoteHits ?? 2_000;
  const keys = options.keys ?? 100;
  const figures: Partial<StoreFigures> = { rounds, keys };

  const worker = await startStoreWorker();
  try {
    // Warm-up: the isolate's code, and every key's object created once.
    await workerRound(worker, 'memory', memoryHits / 10, keys, 'warm');
    await workerRound(worker, 'do', keys * 2, keys, 'bench');
    const memory: { wallUs: number; cpuUs: number }[] = [];
    const objects: { wallUs: number; cpuUs: number }[] = [];
    for (let round = 0; round < rounds; round++) {
      memory.push(await workerRound(worker, 'memory', memoryHits, keys, 'bench'));
      objects.push(await workerRound(worker, 'do', remoteHits, keys, 'bench'));
    }
    figures.memoryWorkerd = summary(memoryHits, memory);
    figures.durableObject = summary(remoteHits, objects);
  } finally {
    await worker.close();
  }

  const inMemory = new MemoryRateLimitStore();
  await nodeRound(inMemory, memoryHits / 10, keys, 'warm');
  const memory: { wallUs: number; cpuUs: number }[] = [];
  for (let round = 0; round < rounds; round++) {
    memory.push(await nodeRound(inMemory, memoryHits, keys, 'bench'));
  }
  figures.memoryNode = summary(memoryHits, memory);

  let redis: Awaited<ReturnType<typeof startRedis>> | undefined;
  try {
    redis = await startRedis();
  } catch (error) {
    figures.redisMissing = error instanceof Error ? error.message : String(error);
  }
  if (redis) {
    const store = createRedisStore({ url: redis.url, warn: () => {} });
    try {
      // The client connects in the background: wait for its first hit to go through.
      for (let tries = 0; ; tries++) {
        try {
          await store.hit('warm:0', 600_000);
          break;
        } catch (error) {
          if (tries > 100) throw error;
          await new Promise((r) => setTimeout(r, 20));
        }
      }
      await nodeRound(store, remoteHits / 2, keys, 'warm');
      const samples: { wallUs: number; cpuUs: number }[] = [];
      for (let round = 0; round < rounds; round++) {
        samples.push(await nodeRound(store, remoteHits, keys, 'bench'));
      }
      figures.redis = summary(remoteHits, samples);
    } finally {
      await store.close();
      await redis.stop();
    }
  }
  return figures as StoreFigures;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const figures = await runStoreBench(
    process.argv.includes('--quick') ? { rounds: 1, memoryHits: 20_000, remoteHits: 500 } : {},
  );
  console.log(JSON.stringify(figures, null, 2));
}
