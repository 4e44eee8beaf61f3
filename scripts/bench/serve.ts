/**
 * A server for the benchmark in a process of its own, so the load tool never shares an event loop
 * with what it measures: `serve.ts mock`, `serve.ts proxy <upstream> <apiKey> <secret>`,
 * `serve.ts proxy-without-limits <upstream> <apiKey> <secret>` (the same proxy without its
 * session budget, intent limits and request checks, to weigh them: see createReturnsProxy) or
 * `serve.ts relay <upstream> <apiKey>` (the bare relay, relay.ts). Prints one JSON line with its
 * URL once listening; then answers each `cpu` line on stdin with one JSON line holding the CPU time
 * (user + system, µs) the process has used so far (process.cpuUsage: microseconds, where /proc
 * counts in 10 ms ticks); stops when its parent closes stdin.
 */
import { createInterface } from 'node:readline';
import { startProxy } from '../../proxy/node.ts';
import { startRelay } from './relay.ts';

/**
 * The bench's session budget: the load sends tens of thousands of reads under one session, far
 * past a shopper's 2 000; with the default, most of them were 429s and the proxy was measured
 * refusing rather than forwarding. The budget is still counted on every call.
 */
export const BENCH_SESSION_BUDGET = { read: 1e9 };

const [kind, upstream, apiKey, secret] = process.argv.slice(2);
const running =
  kind === 'mock'
    ? // Imported only here: the proxies' processes never load the mock (its YAML and schemas).
      await (await import('../../mock/node.ts')).startMockRever({ port: 0 })
    : kind === 'relay'
      ? await startRelay(upstream!, apiKey!)
      : // The proxy without its limits is served exactly as the proxy is (the same server options
        // and transport): only the limits differ between the two figures.
        await startProxy({
          port: 0,
          upstream: upstream!,
          apiKey: apiKey!,
          sessionSecret: secret!,
          sessionBudget: BENCH_SESSION_BUDGET,
          log: () => {},
          withoutLimits: kind === 'proxy-without-limits',
        });
console.log(
  JSON.stringify({ url: running.url, apiKey: 'apiKey' in running ? running.apiKey : '' }),
);
const commands = createInterface({ input: process.stdin });
commands.on('line', (line) => {
  if (line.trim() !== 'cpu') return;
  const { user, system } = process.cpuUsage();
  console.log(JSON.stringify({ cpuUs: user + system }));
});
commands.on('close', () => void running.close().then(() => process.exit(0)));
