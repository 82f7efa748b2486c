import type { LlmMessage, LlmTextPart } from './types.js';

// agent.md 11.5: when caching is active, the last content part of the system message and the
// last content part of the last user or tool message carry a cache breakpoint (two per request).
// Markers a caller set itself are kept when caching is active and removed when it is not.

function marked<T extends { type: string }>(parts: T[], isMarked: (index: number) => boolean): T[] {
  return parts.map((part, index) => {
    if (part.type !== 'text') return part;
    const { cacheControl: _previous, ...rest } = part as unknown as LlmTextPart;
    return (isMarked(index) ? { ...rest, cacheControl: true } : rest) as unknown as T;
  });
}

function lastTextIndex(parts: ReadonlyArray<{ type: string }>): number {
  for (let index = parts.length - 1; index >= 0; index--) if (parts[index].type === 'text') return index;
  return -1;
}

export function applyCacheMarkers(messages: readonly LlmMessage[], isCachingActive: boolean): LlmMessage[] {
  const systemIndex = messages.findIndex((message) => message.role === 'system');
  let lastTurnIndex = -1;
  for (let index = messages.length - 1; index >= 0 && lastTurnIndex === -1; index--) {
    if (messages[index].role === 'user' || messages[index].role === 'tool') lastTurnIndex = index;
  }
  return messages.map((message, messageIndex) => {
    const target = isCachingActive && (messageIndex === systemIndex || messageIndex === lastTurnIndex) ? lastTextIndex(message.content) : -1;
    const keep = (partIndex: number) =>
      isCachingActive && (partIndex === target || (message.content[partIndex] as LlmTextPart).cacheControl === true);
    return { ...message, content: marked(message.content as LlmTextPart[], keep) } as LlmMessage;
  });
}
