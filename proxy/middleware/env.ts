/**
 * The proxy's Hono environment: what one middleware hands the next about the request, through
 * `c.set`/`c.get`, typed here so a middleware cannot read what no other one sets.
 */
import type { OperationMatch } from '../../contract/index.ts';
import type { Target } from '../http.ts';
import type { SessionClaims } from '../session.ts';

export interface ProxyVariables {
  /**
   * Why the proxy answered as it did, for the log line: a fixed word, never a body nor upstream
   * text. Unset when nothing needs saying.
   */
  note?: string;
  /** The contract operation the request names (set by matchContract). */
  operation: OperationMatch;
  /** The raw path and query as the client sent them (set by matchContract). */
  target: Target;
  /**
   * The body to forward: the canonical JSON of the checked request body (set by requestChecks),
   * never the client's bytes; empty when there was none.
   */
  body: Uint8Array<ArrayBuffer>;
  /** What `body` encodes, parsed (set by requestChecks; undefined when there was none). */
  bodyValue: unknown;
  /** The verified session's claims (set by sessionGuard); unset on the intent. */
  session?: SessionClaims;
  /** REVER's answer body when it was passed on (set by forward), for the session issuer. */
  upstreamPayload?: Uint8Array;
  /** The request's Origin when the policy allows it (set by answerHeaders), for CORS headers. */
  allowedOrigin?: string;
  /**
   * Forward's answer when it was built with every answer header already (withAnswerHeaders), so
   * answerHeaders adds none to it (set by forward).
   */
  answered?: Response;
}

export interface ProxyEnv {
  Variables: ProxyVariables;
}
