/** A WebSocket client that records every frame and lets tests wait for frames by predicate. */
import WebSocket from 'ws';

export interface RecordingSocket {
  socket: WebSocket;
  frames: any[];
  waitFor(predicate: (frame: any) => boolean, options?: { timeoutMs?: number; what?: string }): Promise<any>;
  waitForCount(count: number, options?: { timeoutMs?: number }): Promise<any[]>;
  closed: Promise<{ code: number; reason: string }>;
  close(): void;
}

export function connectSocket(url: string, headers: Record<string, string> = {}): Promise<RecordingSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    const frames: any[] = [];
    const waiters = new Set<() => void>();
    const closed = new Promise<{ code: number; reason: string }>((resolveClosed) => {
      socket.on('close', (code, reason) => resolveClosed({ code, reason: reason.toString() }));
    });
    socket.on('message', (data) => {
      frames.push(JSON.parse(data.toString()));
      for (const waiter of waiters) waiter();
    });
    socket.on('unexpected-response', (_request, response) => reject(Object.assign(new Error(`handshake refused: ${response.statusCode}`), { statusCode: response.statusCode })));
    socket.on('error', reject);
    socket.on('open', () => {
      const waitUntil = <T>(check: () => T | undefined, timeoutMs: number, what: string) =>
        new Promise<T>((resolveWait, rejectWait) => {
          const attempt = () => {
            const value = check();
            if (value !== undefined) {
              waiters.delete(attempt);
              clearTimeout(timer);
              resolveWait(value);
            }
          };
          const timer = setTimeout(() => {
            waiters.delete(attempt);
            rejectWait(new Error(`timed out waiting for ${what}; got ${frames.length} frames`));
          }, timeoutMs);
          waiters.add(attempt);
          attempt();
        });
      resolve({
        socket,
        frames,
        closed,
        waitFor: (predicate, options = {}) => waitUntil(() => frames.find(predicate), options.timeoutMs ?? 10_000, options.what ?? 'a frame'),
        waitForCount: (count, options = {}) => waitUntil(() => (frames.length >= count ? frames.slice(0, count) : undefined), options.timeoutMs ?? 10_000, `${count} frames`),
        close: () => socket.close(),
      });
    });
  });
}
