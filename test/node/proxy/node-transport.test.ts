// The proxy suites again, with every upstream call over node:http (proxy/node-fetch.ts, what
// startProxy uses on Node: its answers read into bytes, see proxy/upstream.ts) in place of the runtime's fetch: the transport changes, the answers
// must not. The cluster and the process tests (cli.test.ts) use it through startProxy.
import '../support/node-transport.ts';
import assert from 'node:assert/strict';
import { after } from 'node:test';
import { nodeTransportCalls } from '../support/node-transport.ts';
import './match-contract.test.ts';
import './origin-guard.test.ts';
import './request-checks.test.ts';
import './forward.test.ts';
import './options.test.ts';
import './env.test.ts';
import './cli.test.ts';
import './mock-upstream.test.ts';
import './portable.test.ts';
import './attack.test.ts';
import './fuzz.test.ts';

after(() => {
  assert.ok(nodeTransportCalls.count > 40, `${nodeTransportCalls.count} upstream calls`);
  // The proxies' own calls take the bytes transport the Node fetch carries.
  assert.ok(
    nodeTransportCalls.buffered > 20,
    `${nodeTransportCalls.buffered} read into bytes of ${nodeTransportCalls.count}`,
  );
});
