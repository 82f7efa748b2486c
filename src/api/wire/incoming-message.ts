/**
 * A user message arriving on the conversation socket (api.md 12.1): `content` may be a string, a
 * list of content items, or absent; `role` is required and must be `user`; unknown keys are ignored.
 */
import { normalizeContent, type ContentItemInput } from '../../models/index.js';
import type { UserMessage } from '../../conversation/index.js';

export class InvalidIncomingMessageError extends Error {}

export function normalizeIncomingMessage(raw: unknown): UserMessage {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new InvalidIncomingMessageError('a message must be a JSON object');
  const { role, content } = raw as { role?: unknown; content?: unknown };
  if (role !== 'user') throw new InvalidIncomingMessageError('only user messages can be sent to the agent');
  if (content === undefined || content === null) return { role, content: [] };
  if (typeof content === 'string') return { role, content: [normalizeContent({ text: content } as ContentItemInput)] };
  if (!Array.isArray(content)) throw new InvalidIncomingMessageError('content must be a string or a list');
  return {
    role,
    content: content.map((item) => {
      if (typeof item !== 'object' || item === null) throw new InvalidIncomingMessageError('content items must be objects');
      const candidate = item as Record<string, unknown>;
      if (typeof candidate.text === 'string') return normalizeContent({ text: candidate.text, cache_prompt: candidate.cache_prompt === true } as ContentItemInput);
      if (Array.isArray(candidate.image_urls) && candidate.image_urls.every((url) => typeof url === 'string')) {
        return normalizeContent({ image_urls: candidate.image_urls as string[] } as ContentItemInput);
      }
      throw new InvalidIncomingMessageError('unrecognised content item');
    }),
  };
}
