/**
 * Session tokens: what binds a shopper's later calls to the return their intent opened, so nobody
 * reads or changes another shopper's return by guessing its id. Stateless: a token is its own
 * proof (HMAC-SHA256 over its payload with the server's secret), so any number of proxy instances
 * sharing the secret verify it without a shared store. Web Crypto only, for edge runtimes.
 *
 * Format: `v1.<payload>.<signature>`, both base64url; the payload is JSON
 * `{ "r": return_id, "o": [order ids], "e": expiry in Unix seconds }`, plus `"ro": 1` for a
 * read-only token (the one a confirmed return is answered with). It is signed, not encrypted: it
 * holds only ids the shopper already has.
 */

export interface SessionClaims {
  readonly returnId: string;
  readonly orderIds: readonly string[];
  /** Expiry, Unix seconds. */
  readonly expires: number;
  /** Reads only (GET): a confirmed return's token. Absent on a full session. */
  readonly readOnly?: true;
}

export type SessionCheck =
  | { ok: true; claims: SessionClaims }
  | { ok: false; why: 'missing' | 'malformed' | 'bad_signature' | 'expired' };

const VERSION = 'v1';
/** Longer than any token this module makes (ids are at most 64 characters, few orders). */
const MAX_TOKEN_LENGTH = 4096;
const encoder = new TextEncoder();

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return undefined;
  try {
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    const out = new Uint8Array(new ArrayBuffer(binary.length));
    for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
    return out;
  } catch {
    return undefined;
  }
}

const importKey = (secret: string) =>
  crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
    'verify',
  ]);

export interface SessionSigner {
  /** Signs claims valid for the signer's length, or `ttlSeconds` when given. */
  sign(claims: Omit<SessionClaims, 'expires'>, now?: number, ttlSeconds?: number): Promise<string>;
  verify(token: string | undefined, now?: number): Promise<SessionCheck>;
}

/**
 * The secrets a proxy is given, in the signer's order: `current` (SESSION_SECRET) signs and
 * verifies; `previous` (SESSION_SECRET_PREVIOUS, during a rotation) only verifies, so the tokens
 * it signed keep working until they expire, and every new token is signed with `current`.
 */
export function rotationSecrets(
  current: string,
  previous: string | undefined,
): { ok: true; secrets: string[] } | { ok: false; error: string } {
  const old = previous?.trim();
  if (!old || old === current) return { ok: true, secrets: [current] };
  if (old.length < 32) {
    return { ok: false, error: 'SESSION_SECRET_PREVIOUS must be at least 32 characters long.' };
  }
  return { ok: true, secrets: [current, old] };
}

/** How many verified tokens a signer remembers by default (a few MB at most). */
export const VERIFIED_CACHE_SIZE = 10_000;

/**
 * A signer over one or more secrets: the first signs, every one verifies, so a secret is rotated
 * by putting the new one first and dropping the old one once its tokens have expired.
 *
 * Tokens that verified are remembered (the exact token text → its claims, at most `cacheSize`,
 * the oldest forgotten first), so a shopper's later calls skip the HMAC: a signer's keys never
 * change, so a token that verified once always will. Expiry is still checked on every call, and
 * a token that failed is never remembered (a changed one is a different text, verified afresh).
 */
export function createSessionSigner(
  secrets: readonly string[],
  ttlSeconds: number,
  { cacheSize = VERIFIED_CACHE_SIZE }: { cacheSize?: number } = {},
): SessionSigner {
  const keys = secrets.map(importKey);
  const verified = new Map<string, SessionClaims>();
  const remember = (token: string, claims: SessionClaims) => {
    if (cacheSize <= 0) return;
    // A Map iterates in insertion order: its first key is the oldest.
    while (verified.size >= cacheSize) verified.delete(verified.keys().next().value!);
    verified.set(token, claims);
  };
  return {
    async sign({ returnId, orderIds, readOnly }, now = Date.now(), ttl = ttlSeconds) {
      const claims = {
        r: returnId,
        o: orderIds,
        e: Math.floor(now / 1000) + ttl,
        ...(readOnly ? { ro: 1 } : {}),
      };
      const payload = toBase64Url(encoder.encode(JSON.stringify(claims)));
      const signed = `${VERSION}.${payload}`;
      const signature = await crypto.subtle.sign('HMAC', await keys[0]!, encoder.encode(signed));
      return `${signed}.${toBase64Url(new Uint8Array(signature))}`;
    },

    async verify(token, now = Date.now()) {
      if (!token) return { ok: false, why: 'missing' };
      if (token.length > MAX_TOKEN_LENGTH) return { ok: false, why: 'malformed' };
      const known = verified.get(token);
      if (known) {
        if (known.expires * 1000 <= now) {
          verified.delete(token);
          return { ok: false, why: 'expired' };
        }
        return { ok: true, claims: known };
      }
      const parts = token.split('.');
      if (parts.length !== 3 || parts[0] !== VERSION) return { ok: false, why: 'malformed' };
      const signature = fromBase64Url(parts[2]!);
      const payload = fromBase64Url(parts[1]!);
      if (!signature || !payload) return { ok: false, why: 'malformed' };
      const signed = encoder.encode(`${parts[0]}.${parts[1]}`);
      // crypto.subtle.verify compares in constant time; a string comparison would not.
      let valid = false;
      for (const key of keys) {
        if (await crypto.subtle.verify('HMAC', await key, signature, signed)) {
          valid = true;
          break;
        }
      }
      if (!valid) return { ok: false, why: 'bad_signature' };
      const claims = parseClaims(payload);
      if (!claims) return { ok: false, why: 'malformed' };
      if (claims.expires * 1000 <= now) return { ok: false, why: 'expired' };
      remember(token, claims);
      return { ok: true, claims };
    },
  };
}

function parseClaims(payload: Uint8Array): SessionClaims | undefined {
  try {
    const value = JSON.parse(new TextDecoder().decode(payload)) as {
      r?: unknown;
      o?: unknown;
      e?: unknown;
      ro?: unknown;
    };
    const { r, o, e, ro } = value;
    if (
      typeof r === 'string' &&
      Array.isArray(o) &&
      o.every((x) => typeof x === 'string') &&
      Number.isSafeInteger(e) &&
      (ro === undefined || ro === 1)
    ) {
      // Frozen: the same claims are handed to every later call with this token.
      return Object.freeze({
        returnId: r,
        orderIds: Object.freeze(o),
        expires: e as number,
        ...(ro === 1 ? { readOnly: true as const } : {}),
      });
    }
  } catch {
    /* signed but not ours: treated as malformed */
  }
  return undefined;
}
