/**
 * ask_agent (agent.md 13.1, api.md 5.14): one question about the conversation, answered from its
 * history with the agent's tools declared (so the history's calls stay valid). No event, no status
 * change; safe while a run is active.
 */
import type { ConversationEvent } from '../events/index.js';
import type { LlmClient, LlmResponse, LlmToolSpec } from '../llm/index.js';
import { eventsToMessages, type EventsToMessagesOptions } from './events-to-messages.js';
import { prompt } from './prompts.js';

export const ASK_AGENT_USAGE_ID = 'ask-agent-llm';

export class EmptyAnswerError extends Error {
  constructor() {
    super('Failed to generate summary');
    this.name = 'EmptyAnswerError';
  }
}

export interface AskAgentOptions {
  events: readonly ConversationEvent[];
  question: string;
  llm: LlmClient;
  tools: LlmToolSpec[];
  view: EventsToMessagesOptions;
  onResponse(response: LlmResponse): void;
}

export async function askAgent(options: AskAgentOptions): Promise<string> {
  const messages = eventsToMessages(options.events, options.view);
  messages.push({ role: 'user', content: [{ type: 'text', text: prompt('ask-agent-question', { question: options.question }) }] });
  const response = await options.llm.complete({ messages, tools: options.tools });
  options.onResponse(response);
  if (response.text.trim() === '') throw new EmptyAnswerError();
  return response.text;
}
