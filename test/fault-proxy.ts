import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

export type FaultMode = { kind: 'pass' } | { kind: 'delay'; ms: number } | { kind: 'stall' };

export interface FaultProxy {
  /** The proxied GraphQL URL, to configure in place of the real one. */
  url: string;
  /** From now on: pass requests through, delay them, or hold them unanswered. */
  set(mode: FaultMode): void;
  /** How many GraphQL requests (POSTs) have reached it so far, answered or held. */
  readonly requests: number;
  close(): Promise<void>;
}

/**
 * A network fault between the gateway and one real subgraph: an HTTP (and WebSocket) pass-through
 * proxy that can be told to delay or to stall requests, as a slow or hung service would. Nothing
 * of our system is imitated; only the wire misbehaves.
 */
export async function startFaultProxy(targetGraphqlUrl: string): Promise<FaultProxy> {
  const target = new URL(targetGraphqlUrl);
  let mode: FaultMode = { kind: 'pass' };
  let requests = 0;
  const held = new Set<ServerResponse>();
  const sockets = new Set<Socket>();

  const forward = (req: IncomingMessage, res: ServerResponse) => {
    const upstream = request(
      { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  };

  const server = createServer((req, res) => {
    if (req.method === 'POST') requests++;
    const now = mode;
    if (now.kind === 'stall') {
      held.add(res);
      res.on('close', () => held.delete(res));
      req.resume();
      return;
    }
    if (now.kind === 'delay') setTimeout(() => forward(req, res), now.ms);
    else forward(req, res);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('upgrade', (req, socket, head) => {
    const upstream = connect(Number(target.port), target.hostname, () => {
      const headers = Object.entries(req.headers).map(([name, value]) => `${name}: ${Array.isArray(value) ? value.join(', ') : value}`);
      upstream.write(`${req.method} ${req.url} HTTP/1.1\r\n${headers.join('\r\n')}\r\n\r\n`);
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}${target.pathname}`,
    set: (next) => {
      mode = next;
    },
    get requests() {
      return requests;
    },
    close: async () => {
      for (const res of held) res.destroy();
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
