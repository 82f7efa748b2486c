import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { formatSseEvent } from './format-sse-event.js';
import type { SseEvent } from './protocols/protocol-renderer.js';

// Scripted header names are lower-cased before merging: Node would otherwise send both
// `content-type` and `Content-Type` when a script overrides one of ours.
function mergeHeaders(base: OutgoingHttpHeaders, overrides: Record<string, string> = {}): OutgoingHttpHeaders {
  const merged: OutgoingHttpHeaders = { ...base };
  for (const [name, value] of Object.entries(overrides)) {
    merged[name.toLowerCase()] = value;
  }
  return merged;
}

export function sendText(
  response: ServerResponse,
  options: { status: number; text: string; contentType: string; headers?: Record<string, string> },
): void {
  response.writeHead(options.status, mergeHeaders({ 'content-type': options.contentType }, options.headers));
  response.end(options.text);
}

export function sendJson(
  response: ServerResponse,
  options: { status: number; body: unknown; headers?: Record<string, string> },
): void {
  sendText(response, {
    status: options.status,
    text: JSON.stringify(options.body),
    contentType: 'application/json',
    headers: options.headers,
  });
}

export function sendSse(response: ServerResponse, options: { events: SseEvent[]; headers?: Record<string, string> }): void {
  response.writeHead(
    200,
    mergeHeaders(
      { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' },
      options.headers,
    ),
  );
  // One write per event, so a client sees the same framing a real stream has at best; its
  // parser must still cope with events split or merged by TCP.
  for (const event of options.events) {
    response.write(formatSseEvent(event));
  }
  response.end();
}
