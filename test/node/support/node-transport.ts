/**
 * Imported first, it routes every upstream call of the proxies a test builds (the only fetch
 * calls made with `redirect: 'manual'`: see proxy/middleware/forward.ts) over proxy/node-fetch.ts,
 * the transport startProxy gives the proxy on Node, so a suite written against the runtime's
 * fetch runs against it too. `nodeTransportCalls` says it was used.
 */
import { createNodeFetch } from '../../../proxy/node-fetch.ts';

const nodeFetch = createNodeFetch();
const runtimeFetch = globalThis.fetch;
export const nodeTransportCalls = { count: 0 };

globalThis.fetch = (input, init) => {
  if (init?.redirect !== 'manual') return runtimeFetch(input, init);
  nodeTransportCalls.count++;
  return nodeFetch(input, init);
};
