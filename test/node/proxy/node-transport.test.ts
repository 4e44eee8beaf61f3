// The proxy suites again, with every upstream call over node:http (proxy/node-fetch.ts, what
// startProxy uses on Node) in place of the runtime's fetch: the transport changes, the answers
// must not. proxy-cluster and the process tests in proxy-hardening use it through startProxy.
import '../support/node-transport.ts';
import assert from 'node:assert/strict';
import { after } from 'node:test';
import { nodeTransportCalls } from '../support/node-transport.ts';
import './proxy.test.ts';
import './attack.test.ts';
import './fuzz.test.ts';
import './hardening.test.ts';

after(() => assert.ok(nodeTransportCalls.count > 40, `${nodeTransportCalls.count} upstream calls`));
