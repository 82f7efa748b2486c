import type { SseEvent } from './protocols/protocol-renderer.js';

// Each event ends with a blank line; a `data` value never contains a newline because every
// payload is single-line JSON (or the literal `[DONE]`).
export function formatSseEvent(event: SseEvent): string {
  return event.event === undefined ? `data: ${event.data}\n\n` : `event: ${event.event}\ndata: ${event.data}\n\n`;
}
