/**
 * `npm run test:size` (part of `npm test`): the byte budgets of issues 6 and 17, checked on a
 * fresh build. Sizes are deterministic, so unlike timings they are asserted: the first load of
 * the ES build and of the script tag (the loader and what it imports) within their budgets, and
 * the standalone IIFE under its ceiling, a regression guard (see CEILINGS in bench/bytes.ts).
 * The bytes of a whole return, fetched chunk by chunk in Chromium, are checked by
 * test/node/bundle.test.ts.
 */
import { BUDGETS, CEILINGS, measureBytes } from './bench/bytes.ts';

const figures = await measureBytes();
let failed = false;
const limits = [
  ...Object.entries(BUDGETS).map(([key, limit]) => [key, limit, 'budget'] as const),
  ...Object.entries(CEILINGS).map(([key, limit]) => [key, limit, 'ceiling'] as const),
];
for (const [key, limit, kind] of limits) {
  const size = figures[key as keyof typeof BUDGETS | keyof typeof CEILINGS];
  if (size <= limit) {
    console.log(`ok   ${key}: ${size} B gzip (${kind} ${limit}, ${limit - size} B left)`);
  } else {
    failed = true;
    console.error(`FAIL ${key}: ${size} B gzip, ${size - limit} B over the ${kind} of ${limit}`);
  }
}
process.exitCode = failed ? 1 : 0;
