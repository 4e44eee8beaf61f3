/**
 * A server for the benchmark in a process of its own, so the load tool never shares an event loop
 * with what it measures: `serve.ts mock`, `serve.ts proxy <upstream> <apiKey>` or
 * `serve.ts relay <upstream> <apiKey>` (the bare relay, relay.ts). Prints one JSON
 * line with its URL once listening, and stops when its parent closes stdin.
 */
import { startMockRever } from '../../mock/node.ts';
import { randomSessionSecret, startProxy } from '../../proxy/node.ts';
import { startRelay } from './relay.ts';

const [kind, upstream, apiKey] = process.argv.slice(2);
const running =
  kind === 'mock'
    ? await startMockRever({ port: 0 })
    : kind === 'relay'
      ? await startRelay(upstream!, apiKey!)
      : await startProxy({
          port: 0,
          upstream: upstream!,
          apiKey: apiKey!,
          sessionSecret: randomSessionSecret(),
          log: () => {},
        });
console.log(
  JSON.stringify({ url: running.url, apiKey: 'apiKey' in running ? running.apiKey : '' }),
);
process.stdin.resume();
process.stdin.on('end', () => void running.close().then(() => process.exit(0)));
