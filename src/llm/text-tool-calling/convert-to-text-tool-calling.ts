import { LlmBadRequestError } from '../errors.js';
import type { LlmContentPart, LlmMessage, LlmTextPart, LlmToolSpec } from '../types.js';
import { buildInContextExample } from './build-in-context-example.js';
import { describeFunctions } from './describe-functions.js';
import { EXECUTION_RESULT_PREFIX, FIRST_MESSAGE_REMINDER } from './prompt-text.js';
import { renderToolCallArguments } from './render-function-call.js';

// Rewrites a native tool-calling history for a model that gets no `tools` (agent.md 11.9 steps
// 1-3): tools described in the system message, an in-context example around the first user
// message, assistant tool calls as `<function=…>` text, tool results as user messages.

export interface TextToolCallingOptions {
  /** False for models trained on the format already (`openhands-lm`, `devstral`). */
  includeExample: boolean;
}

export function shouldIncludeExample(model: string): boolean {
  const name = model.toLowerCase();
  return !name.includes('openhands-lm') && !name.includes('devstral');
}

function withSystemSuffix(messages: LlmMessage[], suffix: string): LlmMessage[] {
  const index = messages.findIndex((message) => message.role === 'system');
  if (index === -1) return [{ role: 'system', content: [{ type: 'text', text: suffix.trimStart() }] }, ...messages];
  const system = messages[index] as Extract<LlmMessage, { role: 'system' }>;
  const content = [...system.content];
  const last = content.length - 1;
  if (last >= 0) content[last] = { ...content[last], text: content[last].text + suffix };
  else content.push({ type: 'text', text: suffix.trimStart() });
  return messages.map((message, position) => (position === index ? { role: 'system', content } : message));
}

function assistantAsText(message: Extract<LlmMessage, { role: 'assistant' }>): LlmMessage {
  if (message.toolCalls.length === 0) return message;
  if (message.toolCalls.length > 1) {
    throw new LlmBadRequestError(
      `Prompt-based tool calling (native_tool_calling: false) supports one tool call per assistant message; the history has one with ${message.toolCalls.length}.`,
    );
  }
  const call = message.toolCalls[0];
  const thought = message.content.map((part) => part.text).join('\n');
  const block = renderToolCallArguments(call.name, call.arguments);
  const text = thought.trim() ? `${thought}\n\n${block}` : block;
  return { ...message, content: [{ type: 'text', text }], toolCalls: [] };
}

function toolResultAsUser(message: Extract<LlmMessage, { role: 'tool' }>): LlmMessage {
  const prefix = EXECUTION_RESULT_PREFIX.replace('{{name}}', message.toolName);
  const [first, ...rest] = message.content;
  const content: LlmContentPart[] = first?.type === 'text'
    ? [{ ...first, text: prefix + first.text }, ...rest]
    : [{ type: 'text', text: prefix }, ...message.content];
  return { role: 'user', content };
}

function wrapFirstUserMessage(messages: LlmMessage[], example: string): LlmMessage[] {
  const index = messages.findIndex((message) => message.role === 'user');
  if (index === -1) return messages;
  const user = messages[index] as Extract<LlmMessage, { role: 'user' }>;
  const intro: LlmTextPart = { type: 'text', text: example };
  const reminder: LlmTextPart = { type: 'text', text: FIRST_MESSAGE_REMINDER };
  return messages.map((message, position) => (position === index ? { role: 'user', content: [intro, ...user.content, reminder] } : message));
}

export function convertToTextToolCalling(
  messages: readonly LlmMessage[],
  tools: readonly LlmToolSpec[],
  options: TextToolCallingOptions,
): LlmMessage[] {
  let converted = messages.map((message) => {
    if (message.role === 'assistant') return assistantAsText(message);
    if (message.role === 'tool') return toolResultAsUser(message);
    return message;
  });
  if (tools.length === 0) return converted;
  converted = withSystemSuffix(converted, describeFunctions(tools));
  const example = options.includeExample ? buildInContextExample(tools) : null;
  return example === null ? converted : wrapFirstUserMessage(converted, example);
}

/** The number the next `toolu_NN` id gets: one more than the tool calls already in the history. */
export function nextToolCallNumber(messages: readonly LlmMessage[]): number {
  let count = 0;
  for (const message of messages) if (message.role === 'assistant') count += message.toolCalls.length;
  return count + 1;
}
