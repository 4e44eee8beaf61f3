/**
 * What a proxy is built from (ReturnsProxyOptions), its defaults, and the checks that make a
 * misconfigured proxy refuse to start rather than fail per request.
 */
import type { RateLimitRule, RateLimitStore } from './rate-limit.ts';

/** Which browser origins may call the proxy: exact origins, or a predicate. */
export type OriginPolicy = readonly string[] | ((origin: string) => boolean);

export interface ReturnsProxyOptions {
  /** REVER's base URL, e.g. `https://api.example/storefront` (a path prefix is kept). */
  upstream: string;
  /** REVER's secret API key. Sent upstream only; never logged, never answered. */
  apiKey: string;
  /** Origins allowed to call the proxy from a browser: exact origins, or a predicate. */
  allowedOrigins: OriginPolicy;
  /**
   * The secret session tokens are signed with (at least 32 characters). Every instance behind
   * one shop needs the same one. A list rotates it: the first signs, all of them verify.
   */
  sessionSecret: string | readonly string[];
  /** How long a session token lasts, in seconds (default 7 200: two hours). */
  sessionTtlSeconds?: number;
  /**
   * How long the read-only token a confirmed return is answered with lasts, in seconds (default
   * 900; never beyond the session it narrows). With it the shopper reads their active returns and
   * the return's own reads; every write is 403.
   */
  confirmedSessionTtlSeconds?: number;
  /** Where intent rate-limit counts live (default: this instance's memory). */
  rateLimitStore?: RateLimitStore;
  /**
   * Return intents allowed per client IP and per order number (defaults: 30 per IP and 10 per
   * order number, each per 10 minutes). Over a limit the proxy answers 429 with Retry-After.
   */
  intentLimits?: { perIp?: RateLimitRule; perOrder?: RateLimitRule };
  /**
   * Calls allowed under one session (per return), per class, over the session's length
   * (defaults: 2 000 reads, 1 500 writes, 20 confirmations); over it, 429 with Retry-After.
   * Counted in `rateLimitStore`.
   */
  sessionBudget?: Partial<Record<'read' | 'write' | 'confirm', number>>;
  /**
   * The request header that holds the client's IP, set by a proxy or CDN in front of this one
   * (`cf-connecting-ip`, `x-forwarded-for`: its last entry). Only when such a proxy always sets
   * it: otherwise a client can write any IP there. Unset: the connection's address (on Node).
   */
  trustProxyHeader?: string;
  /** How long REVER may take to answer, in milliseconds (default 10 000); then 504. */
  timeoutMs?: number;
  /** The largest request body accepted, in bytes (default 16 384); larger gets 413. */
  maxBodyBytes?: number;
  /** The largest upstream answer passed on, in bytes (default 5 MB); larger gets 502. */
  maxResponseBytes?: number;
  /** The fetch used to reach REVER (tests, runtimes with their own). */
  fetch?: typeof fetch;
  /** One line per request: method, path, status, time, and why when the proxy refused. */
  logger?: (line: string) => void;
}

export const DEFAULTS = {
  sessionTtlSeconds: 7200,
  confirmedSessionTtlSeconds: 900,
  timeoutMs: 10_000,
  maxBodyBytes: 16_384,
  maxResponseBytes: 5_000_000,
  intentLimits: {
    perIp: { limit: 30, windowMs: 600_000 },
    perOrder: { limit: 10, windowMs: 600_000 },
  } satisfies Record<string, RateLimitRule>,
} as const;

/** The session secrets as a list: the first signs, all of them verify. */
export const sessionSecrets = (options: ReturnsProxyOptions): readonly string[] =>
  typeof options.sessionSecret === 'string' ? [options.sessionSecret] : options.sessionSecret;

/** Throws at creation, so a misconfigured proxy never starts rather than failing per request. */
export function checkOptions(options: ReturnsProxyOptions): void {
  const bad = (why: string) => new TypeError(`createReturnsProxy: ${why}`);
  let url: URL;
  try {
    url = new URL(options.upstream);
  } catch {
    throw bad(`upstream must be an absolute http(s) URL, not "${options.upstream}"`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw bad(`upstream must be an absolute http(s) URL, not "${options.upstream}"`);
  }
  // The request's path is appended to the upstream as text: a query or fragment there would
  // swallow it, and credentials would be sent to REVER on every call (fetch refuses them anyway).
  if (url.search || url.hash || url.username || url.password) {
    throw bad('upstream must not carry credentials, a query or a fragment');
  }
  if (!options.apiKey) throw bad('apiKey is required');
  const secrets = sessionSecrets(options);
  if (!secrets.length || secrets.some((s) => typeof s !== 'string' || s.length < 32)) {
    throw bad('sessionSecret must be at least 32 characters (a random string, kept secret)');
  }
  if (secrets.some((s) => s.includes(options.apiKey) || options.apiKey.includes(s))) {
    throw bad('sessionSecret must not be, or hold, the REVER key');
  }
  for (const name of [
    'timeoutMs',
    'maxBodyBytes',
    'maxResponseBytes',
    'sessionTtlSeconds',
    'confirmedSessionTtlSeconds',
  ] as const) {
    const value = options[name];
    if (value !== undefined && !(Number.isFinite(value) && value > 0)) {
      throw bad(`${name} must be a positive number`);
    }
  }
}
