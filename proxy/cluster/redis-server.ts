/**
 * A throwaway redis-server on a free loopback port (no persistence), for `npm run proxy:cluster`
 * and the tests of instances sharing a store. Debian: `apt-get install redis-server`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createConnection } from 'node:net';
import { findRedisServer } from '../../scripts/executables.ts';
import { freePort } from '../free-port.ts';

/** REDIS_SERVER, else redis-server on PATH (scripts/executables.ts). */
const found = findRedisServer();

export interface RunningRedis {
  url: string;
  port: number;
  stop(): Promise<void>;
  /** Starts it again on the same port (after stop), as a restarted server would be. */
  restart(): Promise<void>;
}

async function reachable(port: number, ms: number): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ port, host: '127.0.0.1' });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > until) throw new Error(`redis-server did not start on ${port}`);
    await new Promise((r) => setTimeout(r, 30));
  }
}

export async function startRedis(): Promise<RunningRedis> {
  if ('missing' in found) throw new Error(found.missing);
  const server = found.path;
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn(
      server,
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    await reachable(port, 5000);
  };
  const stop = async () => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child!.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  };
  await start();
  return { url: `redis://127.0.0.1:${port}`, port, stop, restart: start };
}
