/**
 * Stoplight Prism serving contract/rever-storefront.yaml: a mock made from nothing but the
 * contract, as REVER's own docs mock is made from REVER's document. Static mode answers each
 * operation's example; dynamic mode (`dynamic: true`) generates a new answer from the schemas on
 * every request. Used by `npm run sandbox` and by the tests that hold the widget to the contract.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export const CONTRACT = fileURLToPath(
  new URL('../contract/rever-storefront.yaml', import.meta.url),
);
const PRISM = fileURLToPath(new URL('../node_modules/.bin/prism', import.meta.url));

export interface PrismMock {
  url: string;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function startPrism(
  options: { dynamic?: boolean; port?: number; log?: (line: string) => void } = {},
): Promise<PrismMock> {
  const port = options.port ?? (await freePort());
  const args = ['mock', CONTRACT, '--host', '127.0.0.1', '--port', String(port)];
  if (options.dynamic) args.push('--dynamic');
  const child: ChildProcess = spawn(PRISM, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Prism did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      output += text;
      if (options.log) for (const line of text.split('\n')) if (line.trim()) options.log(line);
      if (output.includes('Prism is listening')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Prism exited (${code}):\n${output}`));
    });
  });
  child.removeAllListeners('exit');
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
