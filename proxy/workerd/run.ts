/**
 * Runs the proxy under workerd, the open-source Workers runtime, on this machine: bundles
 * proxy/worker.ts, writes a config with the given bindings, starts `workerd serve`, and waits
 * until it answers. Used by the tests and by `npm run proxy:workerd`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { freePort } from '../free-port.ts';

const ENTRY = fileURLToPath(new URL('../worker.ts', import.meta.url));

/** Bundles the worker: one ES module, browser-like platform, nothing from Node. */
export async function bundleWorker(outfile: string): Promise<void> {
  await build({
    entryPoints: [ENTRY],
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
  /** Default: a free port on 127.0.0.1. */
  port?: number;
  /** Let the worker reach private and loopback addresses (an upstream on this machine). */
  allowLocalUpstream?: boolean;
  /** workerd's stderr and stdout, line by line (default: dropped). */
  log?: (line: string) => void;
}

export interface RunningWorkerd {
  url: string;
  process: ChildProcess;
  close(): Promise<void>;
}

const capnpString = (value: string) => JSON.stringify(value);

function config(options: WorkerdProxyOptions, port: number): string {
  const allow = options.allowLocalUpstream ? '["public", "private", "local"]' : '["public"]';
  return `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "proxy", worker = .proxyWorker),
    (name = "internet", network = (allow = ${allow})),
  ],
  sockets = [(name = "http", address = ${capnpString(`127.0.0.1:${port}`)}, http = (), service = "proxy")],
);
const proxyWorker :Workerd.Worker = (
  modules = [(name = "worker.js", esModule = embed "worker.js")],
  compatibilityDate = "2026-11-01",
  bindings = [
    (name = "REVER_API_URL", text = ${capnpString(options.upstream)}),
    (name = "ALLOWED_ORIGINS", text = ${capnpString((options.allowedOrigins ?? []).join(','))}),
    (name = "REVER_API_KEY", fromEnvironment = "REVER_API_KEY"),
    (name = "SESSION_SECRET", fromEnvironment = "SESSION_SECRET"),
  ],
);
`;
}

async function waitUntilUp(url: string, child: ChildProcess, ms = 15_000): Promise<void> {
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
function workerdBin(): string {
  const require = createRequire(import.meta.url);
  return join(require.resolve('workerd/package.json'), '..', 'bin', 'workerd');
}

export async function startWorkerdProxy(options: WorkerdProxyOptions): Promise<RunningWorkerd> {
  const dir = await mkdtemp(join(tmpdir(), 'rever-workerd-'));
  await bundleWorker(join(dir, 'worker.js'));
  const port = options.port ?? (await freePort());
  await writeFile(join(dir, 'config.capnp'), config(options, port));
  const child = spawn(workerdBin(), ['serve', join(dir, 'config.capnp'), '--verbose'], {
    cwd: dir,
    // The secrets reach workerd through its environment, never through a file on disk.
    env: {
      PATH: process.env.PATH ?? '',
      REVER_API_KEY: options.apiKey,
      SESSION_SECRET: options.sessionSecret,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = options.log ?? (() => {});
  for (const stream of [child.stdout, child.stderr]) {
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => chunk.split('\n').filter(Boolean).forEach(log));
  }
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
  return { url, process: child, close };
}
