/**
 * Runs the proxy under workerd, the open-source Workers runtime, on this machine: bundles
 * proxy/worker.ts, writes a config with the given bindings, starts `workerd serve`, and waits
 * until it answers. Used by the tests and by `npm run proxy:workerd`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { lookup } from 'node:dns/promises';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { freePort } from '../free-port.ts';

const ENTRY = fileURLToPath(new URL('../worker.ts', import.meta.url));

/** Bundles the worker (or another entry): one ES module, browser-like platform, nothing from Node. */
export async function bundleWorker(outfile: string, entry = ENTRY): Promise<void> {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    mainFields: ['module', 'main'],
    conditions: ['workerd', 'worker', 'import'],
    minify: false,
    logLevel: 'warning',
  });
}

export interface WorkerdProxyOptions {
  upstream: string;
  apiKey: string;
  sessionSecret: string;
  allowedOrigins?: string[];
  /** Default: a free port on 127.0.0.1 (with `shared`, the first of two). */
  port?: number;
  /**
   * Two proxies on two ports sharing one Durable Object namespace of rate limits: the sample
   * proxy/workerd/shared.capnp, started as it ships (README, "Deploying the proxy").
   */
  shared?: boolean;
  /**
   * Start a sample configuration as it ships (only ports, paths, networks and its placeholders
   * filled in): `config.capnp` or `shared.capnp` (the same as `shared`). Default: a generated
   * configuration with the bindings given here and no Durable Objects.
   */
  sample?: 'config.capnp' | 'shared.capnp';
  /** More text bindings (TRUST_PROXY_HEADER, RATE_LIMIT_STORE_FAILURE…). */
  bindings?: Record<string, string>;
  /**
   * What the worker's fetch() may reach (workerd's network `allow`). Default: the public
   * internet and the upstream's own addresses (see `upstreamNetworks`), nothing else local.
   */
  allowNetworks?: readonly string[];
  /** Let the worker reach every private and loopback address (broader than the default). */
  allowLocalUpstream?: boolean;
  /** workerd's stderr and stdout, line by line (default: dropped). */
  log?: (line: string) => void;
}

export interface RunningWorkerd {
  /** The (first) proxy. */
  url: string;
  /** Every proxy: one, or two with `shared`. */
  urls: string[];
  process: ChildProcess;
  close(): Promise<void>;
}

const capnpString = (value: string) => JSON.stringify(value);

/**
 * The networks the worker may reach for this upstream: the public internet, and the addresses
 * the upstream's host names (resolved now, each alone: `/32` or `/128`), so an operator's REVER on
 * loopback or a private network works while every other local address stays refused.
 */
export async function upstreamNetworks(
  upstream: string,
  resolve: (host: string) => Promise<{ address: string; family: number }[]> = (host) =>
    lookup(host, { all: true }),
): Promise<string[]> {
  const host = new URL(upstream).hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: { address: string; family: number }[];
  const family = isIP(host);
  if (family) addresses = [{ address: host, family }];
  else {
    try {
      addresses = await resolve(host);
    } catch {
      addresses = []; // Unresolvable now: workerd will say so when the worker calls it.
    }
  }
  const own = addresses.map(({ address, family }) => `${address}/${family === 6 ? 128 : 32}`);
  return ['public', ...new Set(own)];
}

/** The text bindings every proxy gets (the secrets come from workerd's environment). */
function textBindings(options: WorkerdProxyOptions): Record<string, string> {
  return {
    REVER_API_URL: options.upstream,
    ALLOWED_ORIGINS: (options.allowedOrigins ?? []).join(','),
    ...options.bindings,
  };
}

async function networks(options: WorkerdProxyOptions): Promise<readonly string[]> {
  if (options.allowNetworks) return options.allowNetworks;
  if (options.allowLocalUpstream) return ['public', 'private', 'local'];
  return upstreamNetworks(options.upstream);
}

function config(options: WorkerdProxyOptions, port: number, allow: readonly string[]): string {
  const bindings = Object.entries(textBindings(options))
    .map(([name, value]) => `    (name = ${capnpString(name)}, text = ${capnpString(value)}),\n`)
    .join('');
  return `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "proxy", worker = .proxyWorker),
    (name = "internet", network = (allow = ${JSON.stringify(allow)})),
  ],
  sockets = [(name = "http", address = ${capnpString(`127.0.0.1:${port}`)}, http = (), service = "proxy")],
);
const proxyWorker :Workerd.Worker = (
  modules = [(name = "worker.js", esModule = embed "worker.js")],
  compatibilityDate = "2026-11-01",
  bindings = [
${bindings}    (name = "REVER_API_KEY", fromEnvironment = "REVER_API_KEY"),
    (name = "SESSION_SECRET", fromEnvironment = "SESSION_SECRET"),
  ],
);
`;
}

/**
 * A sample configuration as it ships, with only what is this run's filled in (the bundled
 * worker's path, the ports, the networks; for config.capnp also its placeholders: REVER's URL,
 * the shop's origin and the storage directory). Throws when the sample no longer has them.
 */
export function sampleConfig(
  sample: 'config.capnp' | 'shared.capnp',
  text: string,
  run: { ports: number[]; allow: readonly string[]; options: WorkerdProxyOptions; dir: string },
): string {
  const swaps: [RegExp, string][] = [
    [/embed "\.\.\/\.\.\/dist\/worker\/worker\.js"/g, 'embed "worker.js"'],
    [/allow = \["public"\]/g, `allow = ${JSON.stringify(run.allow)}`],
    ...run.ports.map((port, i): [RegExp, string] => [
      new RegExp(`address = "127\\.0\\.0\\.1:${8787 + i}"`, 'g'),
      `address = "127.0.0.1:${port}"`,
    ]),
  ];
  if (sample === 'config.capnp') {
    swaps.push(
      [
        /text = "https:\/\/rever\.example\/storefront"/g,
        `text = ${capnpString(run.options.upstream)}`,
      ],
      [
        /text = "https:\/\/shop\.example"/g,
        `text = ${capnpString((run.options.allowedOrigins ?? []).join(','))}`,
      ],
      [/path = "\/var\/lib\/rever-returns\/rate-limits"/g, `path = ${capnpString(run.dir)}`],
    );
  }
  let out = text;
  for (const [pattern, replacement] of swaps) {
    if (!pattern.test(out)) throw new Error(`${sample} no longer has ${pattern.source}`);
    out = out.replace(pattern, replacement);
  }
  return out;
}

export async function waitUntilUp(url: string, child: ChildProcess, ms = 15_000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`workerd exited with ${child.exitCode}`);
    try {
      await fetch(url, { method: 'OPTIONS' });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  throw new Error('workerd did not start in time');
}

/** The workerd binary that the `workerd` npm package installed for this platform. */
export function workerdBin(): string {
  const require = createRequire(import.meta.url);
  return join(require.resolve('workerd/package.json'), '..', 'bin', 'workerd');
}

export async function startWorkerdProxy(options: WorkerdProxyOptions): Promise<RunningWorkerd> {
  const dir = await mkdtemp(join(tmpdir(), 'rever-workerd-'));
  await bundleWorker(join(dir, 'worker.js'));
  const port = options.port ?? (await freePort());
  const allow = await networks(options);
  const sample = options.sample ?? (options.shared ? 'shared.capnp' : undefined);
  const ports =
    sample === 'shared.capnp'
      ? [port, options.port === undefined ? await freePort() : port + 1]
      : [port];
  await writeFile(
    join(dir, 'config.capnp'),
    sample
      ? sampleConfig(
          sample,
          await readFile(fileURLToPath(new URL(`./${sample}`, import.meta.url)), 'utf8'),
          { ports, allow, options, dir: await mkdtemp(join(dir, 'storage-')) },
        )
      : config(options, port, allow),
  );
  const child = spawn(workerdBin(), ['serve', join(dir, 'config.capnp'), '--verbose'], {
    cwd: dir,
    // The secrets reach workerd through its environment, never through a file on disk; the
    // shared sample takes every binding from there.
    env: {
      PATH: process.env.PATH ?? '',
      REVER_API_KEY: options.apiKey,
      SESSION_SECRET: options.sessionSecret,
      ...(sample === 'shared.capnp' ? textBindings(options) : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = options.log ?? (() => {});
  for (const stream of [child.stdout, child.stderr]) {
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => chunk.split('\n').filter(Boolean).forEach(log));
  }
  const urls = ports.map((p) => `http://127.0.0.1:${p}`);
  const close = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    for (const url of urls) await waitUntilUp(url, child);
  } catch (error) {
    await close();
    throw error;
  }
  return { url: urls[0]!, urls, process: child, close };
}
