/**
 * The proxy's configuration from environment variables (configFromEnv), shared by the Node command
 * line (cli.ts) and the workerd starter. Pure: it reads a record and returns options or one error
 * sentence, so it is tested without a process.
 */
import { SERVER_LIMITS, type ServerLimits, type StartProxyOptions } from './node.ts';
import { parseSessionBudget } from './middleware/session-budget.ts';
import { parseOrigins } from './origins.ts';
import { rotationSecrets } from './session.ts';

export type EnvConfig = { ok: true; options: StartProxyOptions } | { ok: false; error: string };

const isHttpUrl = (value: string) => {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && !url.search && !url.hash;
  } catch {
    return false;
  }
};

/**
 * Reads the proxy's configuration from the environment; pure, so it is tested without a process.
 * Every variable it reads:
 * - `PORT`: the port to listen on (default 8787; 0 picks a free one).
 * - `HOST`: the interface to listen on (default 127.0.0.1, loopback only).
 * - `REVER_API_URL`: REVER's absolute http(s) base URL, no query; unset starts the embedded mock.
 * - `REVER_API_KEY`: REVER's secret key; required with REVER_API_URL.
 * - `SESSION_SECRET`: signs session tokens, 32 characters or more, the same on every instance;
 *   required with REVER_API_URL (unset with the mock: a random one per run).
 * - `SESSION_SECRET_PREVIOUS`: during a rotation, the secret SESSION_SECRET replaced: tokens it
 *   signed still verify until they expire; nothing new is signed with it.
 * - `ALLOWED_ORIGINS`: comma-separated exact origins; unset allows localhost origins on any port
 *   (see isLocalOrigin in node.ts).
 * - `TRUST_PROXY_HEADER`: the header a proxy or CDN in front puts the client IP in, e.g.
 *   cf-connecting-ip; unset: the connection's address.
 * - `REDIS_URL`: a `redis://` or `rediss://` URL; the rate limits are then shared in that Redis by
 *   every instance, instead of each instance's memory.
 * - `RATE_LIMIT_STORE_FAILURE`: `open` (default: count per instance while Redis fails) or
 *   `closed` (refuse return intents with 503 meanwhile).
 * - `SESSION_BUDGET`: calls allowed under one session, per class, e.g.
 *   `read=2000,write=1500,confirm=20` (those are the defaults); any subset, the rest keep their
 *   default. Counted in the same store as the rate limits (see parseSessionBudget).
 * - `HEADERS_TIMEOUT`, `REQUEST_TIMEOUT`: seconds a client may take to send a request's headers
 *   (default 10), and its whole request (default 20); then its connection is closed (408).
 * - `KEEP_ALIVE_TIMEOUT`: seconds an idle kept-alive connection stays open (default 5).
 * - `MAX_CONNECTIONS`: connections open at once (default 1000); beyond, new ones are closed.
 */
export function configFromEnv(env: Record<string, string | undefined>): EnvConfig {
  const rawPort = env['PORT']?.trim() || '8787';
  const port = Number(rawPort);
  if (!/^\d+$/.test(rawPort) || port > 65535) {
    return { ok: false, error: `PORT must be a port number (0-65535), not "${rawPort}".` };
  }
  const options: StartProxyOptions = { port };
  if (env['HOST']?.trim()) options.host = env['HOST'].trim();
  const url = env['REVER_API_URL']?.trim();
  if (url) {
    if (!isHttpUrl(url)) {
      return {
        ok: false,
        error: `REVER_API_URL must be REVER's absolute http(s) base URL (no query), not "${url}".`,
      };
    }
    const key = env['REVER_API_KEY']?.trim();
    if (!key) {
      return {
        ok: false,
        error:
          'REVER_API_KEY is not set. With REVER_API_URL set, the proxy needs the REVER API key ' +
          "your account manager gave you: set REVER_API_KEY in the proxy's environment (never in " +
          'the page). Unset REVER_API_URL to use the embedded mock instead.',
      };
    }
    const secret = env['SESSION_SECRET']?.trim();
    if (!secret) {
      return {
        ok: false,
        error:
          "SESSION_SECRET is not set. With REVER_API_URL set, the proxy signs shoppers' sessions " +
          'with a secret of yours: set SESSION_SECRET to a random string of 32 characters or more ' +
          '(e.g. `openssl rand -base64 32`), the same on every instance.',
      };
    }
    options.upstream = url;
    options.apiKey = key;
    options.sessionSecret = secret;
  } else if (env['SESSION_SECRET']?.trim()) {
    options.sessionSecret = env['SESSION_SECRET'].trim();
  }
  if (options.sessionSecret !== undefined && options.sessionSecret.length < 32) {
    return { ok: false, error: 'SESSION_SECRET must be at least 32 characters long.' };
  }
  if (env['SESSION_SECRET_PREVIOUS']?.trim()) {
    if (options.sessionSecret === undefined) {
      return { ok: false, error: 'SESSION_SECRET_PREVIOUS is set without SESSION_SECRET.' };
    }
    const rotation = rotationSecrets(options.sessionSecret, env['SESSION_SECRET_PREVIOUS']);
    if (!rotation.ok) return rotation;
    if (rotation.secrets[1]) options.sessionSecretPrevious = rotation.secrets[1];
  }
  const trusted = env['TRUST_PROXY_HEADER']?.trim().toLowerCase();
  if (trusted) {
    if (!/^[a-z0-9-]{1,64}$/.test(trusted)) {
      return {
        ok: false,
        error: `TRUST_PROXY_HEADER must be a header name (e.g. cf-connecting-ip), not "${trusted}".`,
      };
    }
    options.trustProxyHeader = trusted;
  }
  const redisUrl = env['REDIS_URL']?.trim();
  if (redisUrl) {
    if (!/^rediss?:\/\/[^\s]+$/.test(redisUrl)) {
      return { ok: false, error: 'REDIS_URL must be a redis:// or rediss:// URL.' };
    }
    options.redisUrl = redisUrl;
  }
  const onFailure = env['RATE_LIMIT_STORE_FAILURE']?.trim().toLowerCase();
  if (onFailure) {
    if (onFailure !== 'open' && onFailure !== 'closed') {
      return { ok: false, error: 'RATE_LIMIT_STORE_FAILURE must be "open" or "closed".' };
    }
    options.onStoreFailure = onFailure;
  }
  const budget = parseSessionBudget(env['SESSION_BUDGET']);
  if (!budget.ok) return budget;
  if (Object.keys(budget.budget).length) options.sessionBudget = budget.budget;
  const limits = parseServerLimits(env);
  if (!limits.ok) return limits;
  if (Object.keys(limits.limits).length) options.serverLimits = limits.limits;
  const origins = parseOrigins(env['ALLOWED_ORIGINS']);
  if (!origins.ok) return origins;
  if (origins.origins.length) options.allowedOrigins = origins.origins;
  return { ok: true, options };
}

/** The timeouts' variables: seconds, a positive number up to this (longer is not a returns call). */
const MAX_TIMEOUT_SECONDS = 600;
const TIMEOUTS = [
  ['HEADERS_TIMEOUT', 'headersTimeoutMs'],
  ['REQUEST_TIMEOUT', 'requestTimeoutMs'],
  ['KEEP_ALIVE_TIMEOUT', 'keepAliveTimeoutMs'],
] as const;

/** HEADERS_TIMEOUT, REQUEST_TIMEOUT, KEEP_ALIVE_TIMEOUT (seconds) and MAX_CONNECTIONS. */
function parseServerLimits(
  env: Record<string, string | undefined>,
): { ok: true; limits: Partial<ServerLimits> } | { ok: false; error: string } {
  const limits: Partial<ServerLimits> = {};
  for (const [name, key] of TIMEOUTS) {
    const raw = env[name]?.trim();
    if (!raw) continue;
    const seconds = Number(raw);
    if (!/^\d+(\.\d+)?$/.test(raw) || seconds <= 0 || seconds > MAX_TIMEOUT_SECONDS) {
      return {
        ok: false,
        error: `${name} must be a number of seconds above 0 and at most ${MAX_TIMEOUT_SECONDS}, not "${raw}".`,
      };
    }
    limits[key] = Math.round(seconds * 1000);
  }
  const headers = limits.headersTimeoutMs ?? SERVER_LIMITS.headersTimeoutMs;
  const request = limits.requestTimeoutMs ?? SERVER_LIMITS.requestTimeoutMs;
  if (headers > request) {
    return {
      ok: false,
      error:
        `HEADERS_TIMEOUT (${headers / 1000} s) must not be longer than REQUEST_TIMEOUT ` +
        `(${request / 1000} s): the headers are part of the request.`,
    };
  }
  const rawMax = env['MAX_CONNECTIONS']?.trim();
  if (rawMax) {
    const max = Number(rawMax);
    if (!/^\d+$/.test(rawMax) || max < 1 || max > 1_000_000) {
      return {
        ok: false,
        error: `MAX_CONNECTIONS must be a whole number from 1 to 1000000, not "${rawMax}".`,
      };
    }
    limits.maxConnections = max;
  }
  return { ok: true, limits };
}
