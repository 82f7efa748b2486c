import type { LlmContentPart, LlmMessage } from './types.js';

// Applied to every request before serialisation (agent.md 11.4): images are dropped when vision
// is off (`disable_vision`, or a model the table does not know to see), and any text part longer
// than 50,000 characters is middle-truncated to exactly that length. `max_message_chars` limits
// tool results (observations) only: they are what grows without bound, and applying its 30,000
// default to every part would cut system prompts the reference sends whole.

export const MAX_TEXT_PART_CHARS = 50_000;

const CLIP_NOTICE =
  '<response clipped><NOTE>The middle of this text was removed because it exceeded the size limit for one message part.</NOTE>';

/** Keeps a head and a tail around a notice so the result is exactly `limit` characters. */
export function truncateMiddle(text: string, limit: number): string {
  if (text.length <= limit) return text;
  if (CLIP_NOTICE.length >= limit) return CLIP_NOTICE.slice(0, limit);
  const head = Math.ceil((limit - CLIP_NOTICE.length) / 2);
  const tail = limit - CLIP_NOTICE.length - head;
  return text.slice(0, head) + CLIP_NOTICE + (tail > 0 ? text.slice(text.length - tail) : '');
}

function limitParts<T extends LlmContentPart>(parts: T[], supportsVision: boolean, limit: number): T[] {
  return parts
    .filter((part) => supportsVision || part.type !== 'image')
    .map((part) => (part.type === 'text' && part.text.length > limit ? { ...part, text: truncateMiddle(part.text, limit) } : part));
}

export function limitContent(
  messages: readonly LlmMessage[],
  options: { supportsVision: boolean; maxTextChars?: number; maxToolResultChars?: number | null },
): LlmMessage[] {
  const limit = options.maxTextChars ?? MAX_TEXT_PART_CHARS;
  const toolLimit = Math.min(limit, options.maxToolResultChars ?? limit);
  return messages.map((message) => {
    switch (message.role) {
      case 'system':
      case 'assistant':
        return { ...message, content: limitParts(message.content, true, limit) } as LlmMessage;
      case 'user':
        return { ...message, content: limitParts(message.content, options.supportsVision, limit) };
      case 'tool':
        return { ...message, content: limitParts(message.content, options.supportsVision, toolLimit) };
    }
  });
}
