/** Raw HTTP for the proxy suites: targets sent byte for byte, whole answers to search for a key. */
import { request as httpRequest, type OutgoingHttpHeaders } from 'node:http';
import { connect, type Socket } from 'node:net';

export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  /** Status line, every header as sent, and the body: what to search for the key. */
  text: string;
  body: string;
}

/** One HTTP request with the target sent byte for byte as given (fetch would normalize it). */
export function raw(
  base: string,
  method: string,
  path: string,
  headers: OutgoingHttpHeaders = {},
  body?: string,
): Promise<RawAnswer> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, method, path, headers }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => {
        const head = res.rawHeaders.map((v, i) => (i % 2 ? `${v}\n` : `${v}: `)).join('');
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers as Record<string, string>,
          text: `${res.statusCode} ${res.statusMessage}\n${head}\n${text}`,
          body: text,
        });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The contract error code of a raw answer. */
export const errorCode = (answer: RawAnswer) =>
  (JSON.parse(answer.body) as { error: { code: string } }).error.code;

/** Raw text of a whole fetch answer, headers and body, to search for the key. */
export async function rawText(response: Response): Promise<string> {
  return [...response.headers].map(([k, v]) => `${k}: ${v}`).join('\n') + (await response.text());
}

/** A TCP connection to write a request into by hand, as slowly as a test wants. */
export interface RawSocket {
  socket: Socket;
  /** Settles with what the server sent once the connection is closed (either side, or reset). */
  closed: Promise<string>;
}

/** Opens a connection and waits until it is established (or refused). */
export function openRaw(base: string): Promise<RawSocket> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) });
    let text = '';
    socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
    const closed = new Promise<string>((done) => socket.once('close', () => done(text)));
    // A reset is a close too: what the tests ask is whether the connection ended.
    socket.on('error', () => {});
    socket.once('connect', () => resolve({ socket, closed }));
    socket.once('error', reject);
  });
}
