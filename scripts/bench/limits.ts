/**
 * What the limits cost, in process: the CPU the two limits' layers (sessionBudget and
 * intentLimits, over the default MemoryRateLimitStore) add to a request. Over HTTP (proxy.ts) a
 * request costs the proxy some 300–450 µs and its rounds differ by tens of µs, so a few µs drown
 * there; even the proxy's whole middleware chain in process (matchContract … forward, REVER a
 * stub: 170–450 µs a request) moved by ±20 µs between two identical builds. So the limits run
 * here as they do in the proxy, between what the layers before them hand on and an answer:
 * `handedOn` sets what matchContract, sessionGuard and requestChecks set (the operation, the
 * session, the checked body), the limits do all their own work (the email's hash, the client's
 * address from X-Forwarded-For, the store's reads and counts, their keys and the layers'
 * dispatch through Hono), and `answered` stands in for forward (REVER's 200 passed on). Three
 * builds of that chain: with the limits, without, and without again, whose difference from the
 * first without is the method's own noise (an A/A control), reported beside the figure.
 * Two kinds of request, loaded apart: return intents, each from an address, for an order and
 * email of its own (so the per-IP store grows by a key each, some 93,000 over a run, near its cap of 100,000), answered
 * 200 (so none is refused and none counts a failure); and reads under a session, spread over
 * 1,000 sessions (well under each one's read budget). In each of 9 rounds every kind is loaded on the
 * three builds in rotating blocks of 50 requests, one request after another, the CPU read with
 * process.cpuUsage around each block (garbage collection included); a round's figure per build
 * is the median of its blocks' CPU per request; reported per kind: the median of the rounds'
 * paired differences, and their range.
 * Alone: `npx tsx scripts/bench/limits.ts` (`--quick` for a short run), its figures as JSON.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { OperationMatch } from '../../contract/index.ts';
import { MemoryRateLimitStore } from '../../proxy/index.ts';
import type { ProxyEnv } from '../../proxy/middleware/env.ts';
import { intentLimits } from '../../proxy/middleware/intent-limits.ts';
import { DEFAULT_SESSION_BUDGET, sessionBudget } from '../../proxy/middleware/session-budget.ts';
import { DEFAULTS } from '../../proxy/options.ts';
import type { SessionClaims } from '../../proxy/session.ts';
import { median, range } from './browser.ts';

const SESSIONS = 1000;
/** Requests per block of one build, in a round's rotation. */
const BLOCK = 50;

/** What the layers before the limits hand on about the next request (set before it is sent). */
interface HandedOn {
  operation: OperationMatch;
  session?: SessionClaims;
  bodyValue?: unknown;
}
let next: HandedOn;

const emptyBody = new Uint8Array(new ArrayBuffer(0));
const target = { pathname: '/', search: '' };
/** REVER's answer to an intent, as forward hands it on. */
const payload = new TextEncoder().encode(
  JSON.stringify({ order: { id: 'o1', return_id: 'r1', lines: [] } }),
);

/** matchContract, sessionGuard and requestChecks, as far as the limits read what they set. */
const handedOn = createMiddleware<ProxyEnv>(async (c, go) => {
  c.set('operation', next.operation);
  c.set('target', target);
  if (next.session) c.set('session', next.session);
  c.set('body', emptyBody);
  c.set('bodyValue', next.bodyValue);
  await go();
});

/** forward, REVER answering 200 at once. */
const answered = createMiddleware<ProxyEnv>((c) => {
  c.set('upstreamPayload', payload);
  return Promise.resolve(c.body(null, 200));
});

type App = { fetch(request: Request): Response | Promise<Response> };

/** The chain, with or without the two limits where createReturnsProxy puts them. */
function limitsChain(withLimits: boolean): App {
  const store = new MemoryRateLimitStore();
  const app = new Hono<ProxyEnv>();
  app.all(
    '*',
    handedOn,
    ...(withLimits
      ? [
          sessionBudget({
            store,
            budget: DEFAULT_SESSION_BUDGET,
            windowMs: DEFAULTS.sessionTtlSeconds * 1000,
          }),
          intentLimits({
            store,
            perIp: DEFAULTS.intentLimits.perIp,
            perOrder: DEFAULTS.intentLimits.perOrder,
            trustProxyHeader: 'x-forwarded-for',
          }),
        ]
      : []),
    answered,
  );
  return app;
}

export interface LimitsCost {
  /** The median of the rounds' paired differences (with − without), µs of CPU per request. */
  costUs: number;
  rangeUs: [number, number];
  /** The same of the two builds without the limits: the method's own noise (A/A). */
  controlUs: number;
  controlRangeUs: [number, number];
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
const readUrls = Array.from(
  { length: SESSIONS },
  (_, s) => `http://proxy.local/returns/r${s}/refund_options`,
);
const sessions = Array.from({ length: SESSIONS }, (_, s): SessionClaims => ({
  returnId: `r${s}`,
  orderIds: [`o${s}`],
  expires: 4e9,
}));

/**
 * The next request of a kind, and what the layers before the limits hand on about it: an intent
 * from an address, order and email of its own, or a read of a return's refund options. What the
 * limits read of a request (its method, its headers, through a real Headers) and nothing more,
 * as @hono/node-server hands Hono a request it builds from node:http's: a `new Request` would
 * add an AbortSignal and a finalizer per request, whose garbage moves the rounds by several µs.
 */
function nextRequest(kind: Kind): Request {
  const n = sequence++;
  if (kind === 'intent') {
    next = {
      operation: { id: 'startReturnIntent', params: {} },
      bodyValue: { email: `shopper${n}@example.com`, order_number: `${100000 + n}` },
    };
    return {
      method: 'POST',
      url: 'http://proxy.local/returns/intent/start',
      headers: new Headers({
        'x-forwarded-for': `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`,
      }),
    } as Request;
  }
  const s = n % SESSIONS;
  next = {
    operation: { id: 'getRefundOptions', params: { return_id: `r${s}` } },
    session: sessions[s]!,
  };
  return { method: 'GET', url: readUrls[s]!, headers: new Headers() } as Request;
}

/** The CPU (µs) of `amount` requests, one after another; throws on any refusal. */
async function load(app: App, kind: Kind, amount: number): Promise<number> {
  const before = process.cpuUsage();
  for (let i = 0; i < amount; i++) {
    const answer = await app.fetch(nextRequest(kind));
    // A refusal costs less than a request passed on: a figure measured on them is no figure.
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
  const rounds = opts.rounds ?? 9;
  const warmup = opts.warmup ?? 3000;
  // With the limits, without, and without again (the control).
  const apps = [limitsChain(true), limitsChain(false), limitsChain(false)] as const;
  const kinds: Kind[] = ['intent', 'session'];
  // Warm: every path compiled by the JIT's optimising tier before anything is counted.
  for (const app of apps) for (const kind of kinds) await load(app, kind, warmup);
  const cpu = { intent: [[], [], []], session: [[], [], []] } as Record<Kind, number[][]>;
  for (let r = 0; r < rounds; r++) {
    for (const kind of kinds) {
      // The builds' blocks in turn, the order rotating from block to block and round to round,
      // so work elsewhere on the machine that comes and goes hits each alike.
      const blocks: number[][] = apps.map(() => []);
      for (let done = 0; done < requests; done += BLOCK) {
        for (let i = 0; i < apps.length; i++) {
          const k = (i + done / BLOCK + r) % apps.length;
          blocks[k]!.push((await load(apps[k]!, kind, BLOCK)) / BLOCK);
        }
      }
      blocks.forEach((b, k) => cpu[kind][k]!.push(median(b)));
    }
  }
  const cost = ([w, without, again]: number[][]): LimitsCost => {
    const differences = w!.map((x, i) => x - without![i]!);
    const control = again!.map((x, i) => x - without![i]!);
    return {
      costUs: median(differences),
      rangeUs: range(differences),
      controlUs: median(control),
      controlRangeUs: range(control),
      withUs: median(w!),
      withoutUs: median(without!),
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

/**
 * The same in a process of its own, as `npm run bench` runs it, so that it measures the limits
 * and not what the bench's other parts leave on the heap: run in the bench's own process after
 * them, the build without the limits cost 8.0 and 9.9 µs a request (two runs), in a process of
 * its own 3.4 to 6.4 µs (five runs), and the limits' figure moved with it.
 */
export async function runLimitsBenchApart(quick: boolean): Promise<LimitsFigures> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), ...(quick ? ['--quick'] : [])],
    { encoding: 'utf8' },
  );
  return JSON.parse(stdout) as LimitsFigures;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const figures = await runLimitsBench(
    process.argv.includes('--quick') ? { requests: 2000, rounds: 3, warmup: 1000 } : {},
  );
  console.log(JSON.stringify(figures, null, 2));
}
