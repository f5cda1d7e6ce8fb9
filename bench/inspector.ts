import { WebSocket } from 'ws';

/** A DevTools protocol session with a service process started with `--inspect`. */
export interface InspectorSession {
  /** Sends one protocol command and resolves to its result. */
  call<Result = unknown>(method: string, params?: Record<string, unknown>): Promise<Result>;
  close(): void;
}

/** Opens a session over the inspector's WebSocket (the first target the process lists). */
export async function inspectorSession(inspectPort: number): Promise<InspectorSession> {
  const [target] = (await (await fetch(`http://127.0.0.1:${inspectPort}/json/list`)).json()) as { webSocketDebuggerUrl: string }[];
  const socket = new WebSocket(target!.webSocketDebuggerUrl);
  await new Promise((resolveOpen, reject) => socket.once('open', resolveOpen).once('error', reject));
  let next = 0;
  return {
    call: <Result>(method: string, params?: Record<string, unknown>) =>
      new Promise<Result>((resolveCall, reject) => {
        const id = ++next;
        const onMessage = (data: Buffer) => {
          const message = JSON.parse(data.toString()) as { id?: number; result?: Result; error?: { message: string } };
          if (message.id !== id) return;
          socket.off('message', onMessage);
          if (message.error) reject(new Error(`${method}: ${message.error.message}`));
          else resolveCall(message.result as Result);
        };
        socket.on('message', onMessage);
        socket.send(JSON.stringify({ id, method, params }));
      }),
    close: () => socket.close(),
  };
}
