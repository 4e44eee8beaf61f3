/**
 * What the limits cost, in process: the proxy's CPU per request over HTTP (proxy.ts) is some
 * 250–500 µs, and the few µs the limits add drown in its noise. Here the proxy's own middleware
 * answers requests through Hono's `app.request`, REVER a stub that answers at once, so only the
 * proxy's code runs: one chain of the proxy's middleware (matchContract, originGuard,
 * sessionGuard, requestChecks, forward), built twice, with and without the two limits in the
 * places createReturnsProxy puts them (sessionBudget, intentLimits, over the default
 * MemoryRateLimitStore). The difference is the limits' work and their plumbing, nothing else.
 * Two kinds of request, loaded apart: return intents, each from an address, for an order and
 * email of its own, answered 200 (so none is refused and none counts a failure); and reads under
 * a session, spread over 1 000 sessions (well under each one's read budget). In each round every
 * kind is loaded on both builds in alternating blocks of 50 requests, one request after another,
 * the CPU read with process.cpuUsage around each block; a round's figure per build is the median
 * of its blocks' CPU per request (other work on a shared machine only ever adds to a block, and a
 * median of some 200 blocks is not moved by the few it hits hard, where a sum is); reported per
 * kind: the median of the rounds' paired differences of those, and their range.
 * Alone: `npx tsx scripts/bench/limits.ts` (`--quick` for a short run), its figures as JSON.
 */
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import { SESSION_HEADER } from '../../contract/index.ts';
import { createSessionSigner, MemoryRateLimitStore } from '../../proxy/index.ts';
import type { ProxyEnv } from '../../proxy/middleware/env.ts';
import { forward } from '../../proxy/middleware/forward.ts';
import { intentLimits } from '../../proxy/middleware/intent-limits.ts';
import { matchContract } from '../../proxy/middleware/match-contract.ts';
import { originGuard, originPolicy } from '../../proxy/middleware/origin-guard.ts';
import { requestChecks } from '../../proxy/middleware/request-checks.ts';
import { DEFAULT_SESSION_BUDGET, sessionBudget } from '../../proxy/middleware/session-budget.ts';
import { sessionGuard } from '../../proxy/middleware/session-guard.ts';
import { DEFAULTS } from '../../proxy/options.ts';
import { upstreamCalls } from '../../proxy/upstream.ts';
import { median } from './browser.ts';

const UPSTREAM = 'https://rever.invalid/storefront';
const API_KEY = 'bench-limits-key-not-a-secret';
const SECRET = 'bench-limits-session-secret-of-32-chars-or-more';
const SESSIONS = 1000;
/** Requests per block of one build, in a round's alternation. */
const BLOCK = 50;
const ORIGIN = 'https://shop.example';

const encoder = new TextEncoder();
const intentAnswer = (i: number) =>
  encoder.encode(JSON.stringify({ order: { id: `o${i}`, return_id: `r${i}`, lines: [] } }));
const readAnswer = encoder.encode(JSON.stringify({ refund_options: [] }));

/** REVER, answering at once: an intent's order and return, or an empty read. */
const stubFetch: typeof fetch = (input) => {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  const body = url.endsWith('/returns/intent/start') ? intentAnswer(url.length) : readAnswer;
  return Promise.resolve(
    new Response(body, { status: 200, headers: { 'content-type': 'application/json' } }),
  );
};

type App = { request(input: Request): Response | Promise<Response> };

/** The proxy's middleware chain, as createReturnsProxy orders it, with or without the limits. */
function limitsChain(withLimits: boolean): App {
  const isAllowed = originPolicy([ORIGIN]);
  const ttl = DEFAULTS.sessionTtlSeconds;
  const store = new MemoryRateLimitStore();
  const app = new Hono<ProxyEnv>();
  app.all(
    '*',
    matchContract(),
    originGuard(isAllowed),
    sessionGuard(createSessionSigner([SECRET], ttl), {
      confirmedTtlSeconds: DEFAULTS.confirmedSessionTtlSeconds,
    }),
    ...(withLimits
      ? [sessionBudget({ store, budget: DEFAULT_SESSION_BUDGET, windowMs: ttl * 1000 })]
      : []),
    requestChecks({ maxBodyBytes: DEFAULTS.maxBodyBytes }),
    ...(withLimits
      ? [
          intentLimits({
            store,
            perIp: DEFAULTS.intentLimits.perIp,
            perOrder: DEFAULTS.intentLimits.perOrder,
            trustProxyHeader: 'x-forwarded-for',
          }),
        ]
      : []),
    forward({
      upstream: UPSTREAM,
      apiKey: API_KEY,
      timeoutMs: DEFAULTS.timeoutMs,
      maxResponseBytes: DEFAULTS.maxResponseBytes,
      call: upstreamCalls(stubFetch),
    }),
  );
  return app;
}

export interface LimitsCost {
  /** The median of the rounds' paired differences, µs of CPU per request. */
  costUs: number;
  rangeUs: [number, number];
  /** Medians of the CPU per request with and without, µs. */
  withUs: number;
  withoutUs: number;
}

export interface LimitsFigures {
  /** Return intents, each from an address, order and email of its own (all answered 200). */
  intent: LimitsCost;
  /** Reads under a session (refund options), spread over SESSIONS sessions. */
  session: LimitsCost;
  sessions: number;
  requestsPerLoad: number;
  rounds: number;
}

type Kind = 'intent' | 'session';
let sequence = 0;

/** The next request of a kind: an intent from an address, order and email of its own, or a read. */
function nextRequest(kind: Kind, tokens: string[]): Request {
  const n = sequence++;
  if (kind === 'intent') {
    return new Request(`http://proxy.local/returns/intent/start`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        origin: ORIGIN,
        'x-forwarded-for': `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`,
      },
      body: JSON.stringify({ email: `shopper${n}@example.com`, order_number: `${100000 + n}` }),
    });
  }
  const s = n % SESSIONS;
  return new Request(`http://proxy.local/returns/r${s}/refund_options`, {
    headers: { origin: ORIGIN, [SESSION_HEADER]: tokens[s]! },
  });
}

/** The CPU (µs) of `amount` requests, one after another; throws on any refusal. */
async function load(app: App, kind: Kind, tokens: string[], amount: number): Promise<number> {
  const before = process.cpuUsage();
  for (let i = 0; i < amount; i++) {
    const answer = await app.request(nextRequest(kind, tokens));
    await answer.arrayBuffer();
    // A refusal costs far less than a forwarded request: a figure measured on them is no figure.
    if (answer.status !== 200) throw new Error(`limits bench: ${kind} answered ${answer.status}`);
  }
  const used = process.cpuUsage(before);
  return used.user + used.system;
}

export async function runLimitsBench(
  opts: { requests?: number; rounds?: number; warmup?: number } = {},
): Promise<LimitsFigures> {
  const requests = opts.requests ?? 10_000;
  if (requests % BLOCK) throw new Error(`limits bench: requests must be a multiple of ${BLOCK}`);
  const rounds = opts.rounds ?? 5;
  const warmup = opts.warmup ?? 3000;
  const signer = createSessionSigner([SECRET], DEFAULTS.sessionTtlSeconds);
  const tokens = await Promise.all(
    Array.from({ length: SESSIONS }, (_, s) => signer.sign({ returnId: `r${s}`, orderIds: [] })),
  );
  const apps = [limitsChain(true), limitsChain(false)] as const;
  const kinds: Kind[] = ['intent', 'session'];
  // Warm: every path compiled by the JIT's optimising tier before anything is counted.
  for (const app of apps) for (const kind of kinds) await load(app, kind, tokens, warmup);
  const cpu = {
    intent: { with: [] as number[], without: [] as number[] },
    session: { with: [] as number[], without: [] as number[] },
  };
  for (let r = 0; r < rounds; r++) {
    for (const kind of kinds) {
      // Blocks of each build in turn (the first alternating from block to block and round to
      // round), so work elsewhere on the machine that comes and goes hits both alike.
      const blocks: [number[], number[]] = [[], []];
      for (let done = 0; done < requests; done += BLOCK) {
        for (const k of (done / BLOCK + r) % 2 === 0 ? [0, 1] : [1, 0]) {
          blocks[k]!.push((await load(apps[k]!, kind, tokens, BLOCK)) / BLOCK);
        }
      }
      cpu[kind].with.push(median(blocks[0]));
      cpu[kind].without.push(median(blocks[1]));
    }
  }
  const cost = ({ with: w, without }: { with: number[]; without: number[] }): LimitsCost => {
    const differences = w.map((x, i) => x - without[i]!);
    return {
      costUs: median(differences),
      rangeUs: [Math.min(...differences), Math.max(...differences)],
      withUs: median(w),
      withoutUs: median(without),
    };
  };
  return {
    intent: cost(cpu.intent),
    session: cost(cpu.session),
    sessions: SESSIONS,
    requestsPerLoad: requests,
    rounds,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const figures = await runLimitsBench(
    process.argv.includes('--quick') ? { requests: 2000, rounds: 3, warmup: 1000 } : {},
  );
  console.log(JSON.stringify(figures, null, 2));
}
