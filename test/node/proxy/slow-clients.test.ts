// Slow and greedy clients against the proxy's Node server (issue 15, item 8): a client that
// trickles its headers or its body is disconnected once the request timeouts pass, while another
// shopper's request meanwhile succeeds; an idle kept-alive connection is closed; connections past
// the cap are refused. Loopback, raw sockets, timeouts of a fraction of a second, every wait
// bounded.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, describe, it } from 'node:test';
import { startProxy, type RunningProxy, type ServerLimits } from '../../../proxy/node.ts';
import { openRaw, raw, type RawSocket } from '../support/raw.ts';

/** Far past every timeout the suite sets, far below Node's own (60 s, 300 s, 5 s). */
const BOUND_MS = 4_000;

/** What the server sent, once it closed the connection; undefined if it had not by `ms`. */
async function closedWithin(conn: RawSocket, ms: number): Promise<string | undefined> {
  const timer = sleep(ms).then(() => undefined);
  return Promise.race([conn.closed, timer]);
}

/** Writes `chunks` one at a time, every `everyMs`, until the connection closes or they run out. */
async function trickle(conn: RawSocket, chunks: string[], everyMs: number): Promise<void> {
  for (const chunk of chunks) {
    if (conn.socket.destroyed || conn.socket.writableEnded) return;
    conn.socket.write(chunk);
    await sleep(everyMs);
  }
}

/** Another shopper, on a connection of their own: a return intent for the mock's order. */
async function shopperStartsAReturn(url: string): Promise<number> {
  const answer = await raw(
    url,
    'POST',
    '/returns/intent/start',
    { 'content-type': 'application/json', connection: 'close' },
    JSON.stringify({ email: 'ana.garcia@example.com', order_number: '1001' }),
  );
  return answer.status;
}

describe('slow clients', () => {
  const proxies: RunningProxy[] = [];
  after(() => Promise.all(proxies.map((p) => p.close())));
  const start = async (serverLimits: Partial<ServerLimits>) => {
    const proxy = await startProxy({ port: 0, log: () => {}, serverLimits });
    proxies.push(proxy);
    return proxy;
  };

  it('closes a connection whose headers come too slowly, and serves another shopper meanwhile', async () => {
    const proxy = await start({ headersTimeoutMs: 500, requestTimeoutMs: 1_000 });
    const slow = await openRaw(proxy.url);
    slow.socket.write('POST /returns/intent/start HTTP/1.1\r\nHost: localhost\r\n');
    // One header line every 100 ms: never done, each byte keeps the connection busy.
    const headers = Array.from({ length: 60 }, (_, i) => `x-slow-${i}: a\r\n`);
    const trickling = trickle(slow, headers, 100);
    assert.equal(await shopperStartsAReturn(proxy.url), 200);
    const sent = await closedWithin(slow, BOUND_MS);
    assert.notEqual(sent, undefined, 'the slow-headers connection is still open');
    // Node answers 408 when it can; never a request handled.
    assert.match(sent!, /^$|^HTTP\/1\.1 408 /);
    await trickling;
  });

  it('closes a connection whose body comes too slowly, and serves another shopper meanwhile', async () => {
    const proxy = await start({ headersTimeoutMs: 500, requestTimeoutMs: 1_000 });
    const slow = await openRaw(proxy.url);
    slow.socket.write(
      'POST /returns/intent/start HTTP/1.1\r\nHost: localhost\r\n' +
        'content-type: application/json\r\ncontent-length: 200\r\n\r\n{',
    );
    const trickling = trickle(
      slow,
      Array.from({ length: 60 }, () => ' '),
      100,
    );
    assert.equal(await shopperStartsAReturn(proxy.url), 200);
    const sent = await closedWithin(slow, BOUND_MS);
    assert.notEqual(sent, undefined, 'the slow-body connection is still open');
    assert.match(sent!, /^$|^HTTP\/1\.1 408 /);
    await trickling;
  });

  it('closes an idle kept-alive connection after the keep-alive timeout', async () => {
    const proxy = await start({ keepAliveTimeoutMs: 300 });
    const idle = await openRaw(proxy.url);
    idle.socket.write('GET /returns HTTP/1.1\r\nHost: localhost\r\n\r\n');
    const sent = await closedWithin(idle, BOUND_MS);
    assert.notEqual(sent, undefined, 'the idle connection is still open');
    // It was answered (401: no session) and kept alive, then closed for idling.
    assert.match(sent!, /^HTTP\/1\.1 401 /);
  });

  it('refuses connections beyond the cap, and takes one again once a connection ends', async () => {
    const proxy = await start({ maxConnections: 3 });
    const held = await Promise.all([1, 2, 3].map(() => openRaw(proxy.url)));
    const request = 'GET /returns HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n';
    const beyond = await openRaw(proxy.url);
    beyond.socket.write(request);
    const refused = await closedWithin(beyond, BOUND_MS);
    assert.equal(refused, '', 'a connection beyond the cap was served');
    held[0]!.socket.destroy();
    await held[0]!.closed;
    // The server counts the ended connection once it has seen it close: a few tries at most.
    let answer: string | undefined = '';
    for (let attempt = 0; attempt < 20 && !answer; attempt++) {
      const next = await openRaw(proxy.url);
      next.socket.write(request);
      answer = await closedWithin(next, BOUND_MS);
      if (!answer) await sleep(100);
    }
    assert.match(answer ?? '', /^HTTP\/1\.1 401 /);
    held.forEach((conn) => conn.socket.destroy());
  });
});
