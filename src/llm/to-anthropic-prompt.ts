import {
  EMPTY_TEXT_PLACEHOLDER,
  argumentsObject,
  cacheBreakpoint,
  hasCacheMarker,
  isSendableImage,
  systemMessage,
  unsentImageNote,
  userParts,
} from './sdk-prompt-parts.js';
import { imageData } from './image-data.js';
import type { LlmApi } from './model-router.js';
import type { SdkAssistantPart, SdkMessage, SdkPrompt, SdkToolResultOutput } from './sdk-types.js';
import type { LlmMessage } from './types.js';

// Our messages as the SDK prompt for Anthropic Messages (agent.md 11.12), and for the Bedrock
// Converse API, which carries the same Claude conversation in its own blocks. The SDK merges
// consecutive same-role turns (tool results become `tool_result` blocks of one user message);
// here we put the tool results of a turn before any user text, replay thinking blocks first with
// their signatures, and replace empty text, which Anthropic and Bedrock reject.

type Turn = Exclude<LlmMessage, { role: 'system' }>;

/** The protocols this converter serves. */
export type AnthropicShapedApi = Extract<LlmApi, 'anthropic-messages' | 'bedrock-converse'>;

/** The `providerOptions` key under which each provider reads thinking signatures. */
const PROVIDER_KEY: Record<AnthropicShapedApi, string> = { 'anthropic-messages': 'anthropic', 'bedrock-converse': 'bedrock' };

/** Within each run of user/tool messages, tool results go first (stable order otherwise). */
function toolResultsFirst(turns: Turn[]): Turn[] {
  const ordered: Turn[] = [];
  let run: Turn[] = [];
  const flush = () => {
    ordered.push(...run.filter((turn) => turn.role === 'tool'), ...run.filter((turn) => turn.role !== 'tool'));
    run = [];
  };
  for (const turn of turns) {
    if (turn.role === 'assistant') {
      flush();
      ordered.push(turn);
    } else {
      run.push(turn);
    }
  }
  flush();
  return ordered;
}

function toolOutput(message: Extract<LlmMessage, { role: 'tool' }>, api: AnthropicShapedApi): SdkToolResultOutput {
  const value: Extract<SdkToolResultOutput, { type: 'content' }>['value'] = [];
  for (const part of message.content) {
    if (part.type === 'text') {
      if (part.text.trim()) value.push({ type: 'text', text: part.text });
      continue;
    }
    const image = imageData(part.url);
    if (image && !isSendableImage(image, api)) value.push({ type: 'text', text: unsentImageNote(image) });
    else if (image?.kind === 'base64') value.push({ type: 'image-data', data: image.data, mediaType: image.mediaType });
    else if (image?.kind === 'url') value.push({ type: 'image-url', url: image.url.toString() });
  }
  if (value.length === 0) return { type: 'text', value: EMPTY_TEXT_PLACEHOLDER };
  if (value.length === 1 && value[0].type === 'text') return { type: 'text', value: value[0].text };
  return { type: 'content', value };
}

function assistantParts(message: Extract<LlmMessage, { role: 'assistant' }>, api: AnthropicShapedApi): SdkAssistantPart[] {
  const parts: SdkAssistantPart[] = [];
  const key = PROVIDER_KEY[api];
  for (const block of message.thinkingBlocks ?? []) {
    if (block.type === 'redacted_thinking') {
      parts.push({ type: 'reasoning', text: '', providerOptions: { [key]: { redactedData: block.data } } });
    } else if (block.signature) {
      // A thinking block without its signature cannot be replayed; the provider would reject the request.
      parts.push({ type: 'reasoning', text: block.thinking, providerOptions: { [key]: { signature: block.signature } } });
    }
  }
  for (const part of message.content) if (part.text.trim()) parts.push({ type: 'text', text: part.text });
  for (const call of message.toolCalls) {
    parts.push({ type: 'tool-call', toolCallId: call.id, toolName: call.name, input: argumentsObject(call.arguments) });
  }
  if (!parts.some((part) => part.type === 'text' || part.type === 'tool-call')) parts.push({ type: 'text', text: EMPTY_TEXT_PLACEHOLDER });
  return parts;
}

function toSdkMessage(turn: Turn, api: AnthropicShapedApi): SdkMessage {
  const cache = cacheBreakpoint(api);
  switch (turn.role) {
    case 'user': {
      const content = userParts(turn.content.filter((part) => part.type !== 'text' || part.text.trim() !== ''), api);
      return { role: 'user', content: content.length > 0 ? content : [{ type: 'text', text: EMPTY_TEXT_PLACEHOLDER }] };
    }
    case 'tool': {
      const isMarked = hasCacheMarker(turn.content) && cache !== undefined;
      return {
        role: 'tool',
        content: [{
          type: 'tool-result',
          toolCallId: turn.toolCallId,
          toolName: turn.toolName,
          output: toolOutput(turn, api),
          ...(isMarked ? { providerOptions: cache } : {}),
        }],
      };
    }
    case 'assistant':
      return { role: 'assistant', content: assistantParts(turn, api) };
  }
}

export function toAnthropicPrompt(messages: readonly LlmMessage[], api: AnthropicShapedApi = 'anthropic-messages'): SdkPrompt {
  const system = systemMessage(messages, api);
  const turns = toolResultsFirst(messages.filter((message): message is Turn => message.role !== 'system'));
  return [...(system ? [system] : []), ...turns.map((turn) => toSdkMessage(turn, api))];
}
