import { connect, type Socket } from 'node:net';

import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';

import { useGraph } from '../graph.js';

/**
 * Every service (the gateway and each subgraph) with timeouts short enough to watch them work.
 * Their waiting is checked as behaviour — the server answers 408 and hangs up, or refuses the
 * socket — never to the millisecond: each wait below is bounded well above the setting.
 */
const HEADERS_TIMEOUT_MS = 1_000;
const REQUEST_TIMEOUT_MS = 2_000;
const MAX_CONNECTIONS = 30;
const graph = useGraph({
  HTTP_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS),
  HTTP_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
  HTTP_MAX_CONNECTIONS: String(MAX_CONNECTIONS),
});
const services = () => ({ gateway: graph().gatewayUrl, ...graph().subgraphUrls });
/** Long enough for any timeout above to fire and be noticed, short enough to keep the file quick. */
const GIVE_UP_MS = 8_000;

interface SlowClient {
  /** What the server sent, once it closed the socket; null if it still held it at GIVE_UP_MS. */
  answer: Promise<string | null>;
}

/** A raw socket that sends `start`, then one more `drip` every 200 ms: a client on a very slow link. */
function trickle(url: string, start: string, drip: string): SlowClient {
  const { hostname, port } = new URL(url);
  const socket: Socket = connect(Number(port), hostname);
  let received = '';
  socket.on('data', (chunk) => (received += chunk.toString('latin1')));
  socket.on('error', () => {});
  socket.on('connect', () => socket.write(start));
  const dripping = setInterval(() => socket.writable && socket.write(drip), 200);
  return {
    answer: new Promise((resolve) => {
      const giveUp = setTimeout(() => {
        socket.destroy();
        resolve(null);
      }, GIVE_UP_MS);
      socket.on('close', () => {
        clearTimeout(giveUp);
        clearInterval(dripping);
        resolve(received);
      });
    }),
  };
}

/** For each service, what every one of `count` slow clients got. */
async function eachService(count: number, client: (url: string) => SlowClient): Promise<Record<string, (string | null)[]>> {
  const entries = Object.entries(services()).map(
    async ([name, url]) => [name, await Promise.all(Array.from({ length: count }, () => client(url).answer))] as const,
  );
  return Object.fromEntries(await Promise.all(entries));
}

const REQUEST_TIMEOUT_ANSWER = /^HTTP\/1\.1 408 /;
const graphqlRequestHead = (path: string, extra = '') =>
  `POST ${path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n${extra}`;

describe('a slow client', () => {
  it('sending its body a byte at a time is answered 408 and disconnected, by every service', async () => {
    const answers = await eachService(3, (url) =>
      trickle(url, `${graphqlRequestHead(new URL(url).pathname, 'Content-Length: 100000\r\n')}\r\n{"query":"`, ' '),
    );
    for (const [service, got] of Object.entries(answers)) {
      for (const answer of got) expect(answer, service).toMatch(REQUEST_TIMEOUT_ANSWER);
    }
  });

  it('sending its headers a line at a time is answered 408 and disconnected, by every service', async () => {
    const answers = await eachService(3, (url) => trickle(url, graphqlRequestHead(new URL(url).pathname), 'X-Padding: 1\r\n'));
    for (const [service, got] of Object.entries(answers)) {
      for (const answer of got) expect(answer, service).toMatch(REQUEST_TIMEOUT_ANSWER);
    }
  });

  it('that never sends anything is disconnected, by every service', async () => {
    const answers = await eachService(3, (url) => trickle(url, '', ''));
    for (const [service, got] of Object.entries(answers)) {
      for (const answer of got) expect(answer, service).not.toBeNull();
    }
  });
});

describe('a WebSocket connection', () => {
  it('outlives the request timeout on every service serving one: the timeouts end with the upgrade', async () => {
    const opened = await Promise.all(
      Object.entries(services()).map(
        ([service, url]) =>
          new Promise<[string, WebSocket | null]>((resolve) => {
            const socket = new WebSocket(url.replace(/^http/, 'ws'), 'graphql-transport-ws');
            socket.on('error', () => {});
            socket.on('unexpected-response', () => resolve([service, null])); // no subscriptions here
            socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: {} })));
            socket.once('message', () => resolve([service, socket]));
          }),
      ),
    );
    const live = opened.filter((entry): entry is [string, WebSocket] => entry[1] !== null);
    expect(live.map(([service]) => service)).toContain('gateway');
    await new Promise((resolve) => setTimeout(resolve, REQUEST_TIMEOUT_MS * 1.5));
    for (const [service, socket] of live) {
      const pong = new Promise((resolve) => socket.once('message', (data) => resolve(JSON.parse(String(data)))));
      socket.send(JSON.stringify({ type: 'ping' }));
      expect(await pong, service).toEqual({ type: 'pong' });
      socket.terminate();
    }
  });
});

describe('open connections', () => {
  it('beyond HTTP_MAX_CONNECTIONS are refused at once by every service, and the service still answers once they are gone', async () => {
    const extra = 10;
    const held = await Promise.all(
      Object.entries(services()).map(async ([service, url]) => {
        const { hostname, port } = new URL(url);
        const sockets = Array.from({ length: MAX_CONNECTIONS + extra }, () => connect(Number(port), hostname).on('error', () => {}));
        const closed = new Set<Socket>();
        for (const socket of sockets) socket.on('close', () => closed.add(socket));
        // Well before the headers timeout: what is closed by now was refused, not timed out.
        await new Promise((resolve) => setTimeout(resolve, HEADERS_TIMEOUT_MS / 2));
        const refused = closed.size;
        for (const socket of sockets) socket.destroy();
        return { service, url, refused };
      }),
    );
    for (const { service, refused } of held) expect(refused, service).toBeGreaterThanOrEqual(extra);
    // The service sees the sockets gone a moment after the client closes them.
    const health = async (url: string) => {
      for (let attempt = 0; attempt < 20; attempt++) {
        const status = await fetch(url.replace(/\/graphql$/, '/health')).then(
          (r) => r.status,
          () => 0,
        );
        if (status) return status;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return 0;
    };
    for (const { service, url } of held) expect(await health(url), service).toBe(200);
  });
});
