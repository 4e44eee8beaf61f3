/**
 * Imported first, it routes every upstream call of the proxies a test builds over
 * proxy/node-fetch.ts, the transport startProxy gives the proxy on Node, so a suite written
 * against the runtime's fetch runs against it too: the proxy's forward step takes the bytes
 * transport the Node fetch carries (UPSTREAM_CALL, see proxy/upstream.ts) from whatever
 * `globalThis.fetch` is, and any other call made with `redirect: 'manual'` goes over the Node
 * fetch itself. `nodeTransportCalls` says it was used.
 */
import { createNodeFetch } from '../../../proxy/node-fetch.ts';
import { UPSTREAM_CALL, type Upstream } from '../../../proxy/upstream.ts';

const nodeFetch = createNodeFetch() as typeof fetch & { [UPSTREAM_CALL]: Upstream };
const runtimeFetch = globalThis.fetch;
export const nodeTransportCalls = { count: 0, buffered: 0 };

const routed: typeof fetch = (input, init) => {
  if (init?.redirect !== 'manual') return runtimeFetch(input, init);
  nodeTransportCalls.count++;
  return nodeFetch(input, init);
};
const buffered: Upstream = (request) => {
  nodeTransportCalls.count++;
  nodeTransportCalls.buffered++;
  return nodeFetch[UPSTREAM_CALL](request);
};
globalThis.fetch = Object.assign(routed, { [UPSTREAM_CALL]: buffered });
