/** `npm run build:worker`: the proxy as one ES module for the Workers runtime, dist/worker/worker.js. */
import { bundleWorker } from './run.ts';

const outfile = 'dist/worker/worker.js';
await bundleWorker(outfile);
console.log(`wrote ${outfile}`);
