/**
 * REVER as a fake client for the node tests of what runs over one (the steps' effects): the
 * client's own methods, by name, so the fake has the shape the widget's clients have (the lazy
 * client's test holds it to the same list). Each request is recorded with its arguments and the
 * signal it was given, and answered by `answers[op]` (a value, or a function of the arguments
 * that may throw or return a promise); a request without an answer fails the test.
 * `sessionTokenFor` knows return ret_1's token, `sess_1`.
 */
import { createReverClient, type ReverClient } from '../../../src/services/client.ts';

/** The names of the client's methods, sorted: its requests and `sessionTokenFor`. */
export const CLIENT_METHODS: readonly string[] = Object.keys(
  // Made, never called: no request leaves.
  createReverClient({ proxyUrl: 'http://127.0.0.1:9' }),
).sort();

export interface Call {
  op: string;
  args: unknown[];
  signal: AbortSignal | undefined;
}

export function fakeClient(answers: Record<string, unknown>) {
  const calls: Call[] = [];
  const request =
    (op: string) =>
    (...args: unknown[]) => {
      // The call options, given or left undefined, are the last argument: recorded apart.
      const last = args.at(-1);
      const opts = typeof last === 'object' && last && 'signal' in last ? last : undefined;
      calls.push({
        op,
        args: opts || (args.length > 1 && last === undefined) ? args.slice(0, -1) : args,
        signal: (opts as { signal?: AbortSignal } | undefined)?.signal,
      });
      if (!(op in answers)) return Promise.reject(new Error(`unexpected ${op}`));
      const answer = answers[op];
      return Promise.resolve().then(() =>
        typeof answer === 'function' ? (answer as (...a: unknown[]) => unknown)(...args) : answer,
      );
    };
  const sessionTokenFor = (id: string) => (id === 'ret_1' ? 'sess_1' : undefined);
  // Own properties, like the real client's: the read cache spreads it.
  const client = Object.fromEntries(
    CLIENT_METHODS.map((op) => [op, op === 'sessionTokenFor' ? sessionTokenFor : request(op)]),
  ) as unknown as ReverClient;
  return { client, calls, ops: () => calls.map((c) => c.op) };
}
