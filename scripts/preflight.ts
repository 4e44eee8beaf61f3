/**
 * `npm test` runs this first: before any suite needs a browser or redis-server, it says in one
 * line each what is missing, what to install and how to point at it, and stops (exit 1). Without
 * it a newcomer meets a launcher's stack trace minutes into the run.
 */
import { findBrowser, findRedisServer } from './executables.ts';

const missing = [findBrowser(), findRedisServer()].flatMap((found) =>
  'missing' in found ? [found.missing] : [],
);
for (const line of missing) console.error(line);
process.exitCode = missing.length ? 1 : 0;
