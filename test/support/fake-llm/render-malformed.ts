import type { SseEvent } from './protocols/protocol-renderer.js';

// A malformed answer starts like a real one and then breaks, which is what proxies and
// overloaded providers actually send: a non-streaming body cut off mid-JSON (any strict
// prefix of a JSON object is invalid JSON), or a stream whose second event carries a cut-off
// payload, after which the connection ends without the protocol's terminator.

export function renderMalformedBody(body: Record<string, unknown>): string {
  const text = JSON.stringify(body);
  return text.slice(0, Math.max(1, Math.floor(text.length / 2)));
}

export function renderMalformedStream(events: SseEvent[]): SseEvent[] {
  const [first, second] = events;
  const broken = second ?? first;
  return [first, { ...broken, data: broken.data.slice(0, Math.max(1, Math.floor(broken.data.length / 2))) }];
}
