/**
 * generate_title (agent.md 13.2, api.md 5.13): a short title from the first user message. The
 * title is not stored and no event is added. When the LLM fails or says nothing, the message
 * itself is the title.
 */
import type { ConversationEvent } from '../events/index.js';
import type { LlmClient, LlmResponse } from '../llm/index.js';
import { prompt } from './prompts.js';

const MESSAGE_LIMIT = 1000;

export class NoUserMessageError extends Error {
  constructor() {
    super('No user messages found in conversation events');
    this.name = 'NoUserMessageError';
  }
}

/** Text of the first user message that has any, parts joined with a space; extensions excluded. */
export function firstUserText(events: Iterable<ConversationEvent>): string | null {
  for (const event of events) {
    if (event.kind !== 'MessageEvent' || event.source !== 'user') continue;
    const content = ((event.llm_message as { content?: { type?: string; text?: string }[] }).content ?? []) as { type?: string; text?: string }[];
    const texts = content.filter((item) => item.type === 'text' && typeof item.text === 'string').map((item) => item.text as string);
    if (texts.length > 0) return texts.join(' ').trim();
  }
  return null;
}

export function clipTitle(title: string, maxLength: number): string {
  const trimmed = title.trim();
  if (trimmed.length <= maxLength) return trimmed;
  return `${trimmed.slice(0, Math.max(0, maxLength - 3))}...`;
}

export interface GenerateTitleOptions {
  events: Iterable<ConversationEvent>;
  llm: LlmClient;
  maxLength: number;
  /** Called with every successful response, for stats. */
  onResponse(response: LlmResponse): void;
}

export async function generateTitle(options: GenerateTitleOptions): Promise<string> {
  const first = firstUserText(options.events);
  if (first === null) throw new NoUserMessageError();
  const message = first.length > MESSAGE_LIMIT ? `${first.slice(0, MESSAGE_LIMIT)}...(truncated)` : first;
  let title = '';
  try {
    const response = await options.llm.complete({
      messages: [
        { role: 'system', content: [{ type: 'text', text: prompt('title-system') }] },
        { role: 'user', content: [{ type: 'text', text: prompt('title-user', { max_length: options.maxLength, message }) }] },
      ],
      tools: [],
    });
    options.onResponse(response);
    title = response.text.trim();
  } catch {
    // api.md 5.13 step 4: any LLM failure falls back to the message itself.
  }
  return clipTitle(title || first, options.maxLength);
}
