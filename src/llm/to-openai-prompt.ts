import type { LlmApi } from './model-router.js';
import { cacheBreakpoint, hasCacheMarker, imageFilePart, systemMessage, userParts } from './sdk-prompt-parts.js';
import type { SdkAssistantPart, SdkMessage, SdkPrompt, SdkProviderOptions, SdkUserPart } from './sdk-types.js';
import type { LlmContentPart, LlmMessage } from './types.js';

// Our messages as the SDK prompt for OpenAI Chat Completions (native or compatible) and the
// Responses API (agent.md 11.4, 11.8, 11.12). Tool messages carry text only: their images move
// to one user message after the run of tool results, because OpenAI accepts no images there and
// nothing may come between an assistant's tool calls and their results.
// Tool-call arguments are passed as the raw string; the SDK sends valid JSON verbatim, and
// `patch-request-body.ts` restores arguments that are not valid JSON.

export interface OpenAiPromptOptions {
  api: Exclude<LlmApi, 'anthropic-messages' | 'bedrock-converse'>;
  /** Join text with newlines and drop images (agent.md 11.4 string form). */
  forceStringContent: boolean;
  /** Replay `reasoning_content` (Kimi K2 thinking). */
  sendReasoningContent: boolean;
}

type Turn = Exclude<LlmMessage, { role: 'system' }>;

function joinedText(parts: readonly LlmContentPart[]): string {
  return parts.flatMap((part) => (part.type === 'text' ? [part.text] : [])).join('\n');
}

function stringUserParts(parts: readonly LlmContentPart[], api: LlmApi): SdkUserPart[] {
  const cache = hasCacheMarker(parts) ? cacheBreakpoint(api) : undefined;
  return [{ type: 'text', text: joinedText(parts), ...(cache ? { providerOptions: cache } : {}) }];
}

function assistantMessage(message: Extract<LlmMessage, { role: 'assistant' }>, options: OpenAiPromptOptions): SdkMessage {
  const parts: SdkAssistantPart[] = [];
  const item = message.responsesReasoningItem;
  if (options.api === 'openai-responses' && item && typeof item.id === 'string') {
    const summaries = Array.isArray(item.summary) ? item.summary.filter((entry): entry is string => typeof entry === 'string') : [];
    const encrypted = typeof item.encrypted_content === 'string' ? item.encrypted_content : null;
    for (const text of summaries.length > 0 ? summaries : ['']) {
      parts.push({ type: 'reasoning', text, providerOptions: { openai: { itemId: item.id, reasoningEncryptedContent: encrypted } } });
    }
  }
  if (options.api === 'openai-compatible-chat' && options.sendReasoningContent && message.reasoningContent) {
    parts.push({ type: 'reasoning', text: message.reasoningContent });
  }
  const text = message.content.map((part) => part.text).join('\n');
  if (text.trim() || message.toolCalls.length === 0) parts.push({ type: 'text', text });
  for (const call of message.toolCalls) {
    parts.push({ type: 'tool-call', toolCallId: call.id, toolName: call.name, input: call.arguments });
  }
  // Anthropic thinking blocks replayed through an OpenAI-compatible proxy (LiteLLM's `thinking_blocks`).
  const thinkingBlocks = message.thinkingBlocks ?? [];
  const providerOptions: SdkProviderOptions | undefined =
    options.api === 'openai-compatible-chat' && thinkingBlocks.length > 0
      ? { openaiCompatible: { thinking_blocks: thinkingBlocks.map((block) => ({ ...block })) } }
      : undefined;
  return providerOptions ? { role: 'assistant', content: parts, providerOptions } : { role: 'assistant', content: parts };
}

function toolMessage(message: Extract<LlmMessage, { role: 'tool' }>, api: LlmApi): SdkMessage {
  const cache = hasCacheMarker(message.content) ? cacheBreakpoint(api) : undefined;
  const metadata: SdkProviderOptions | undefined =
    api === 'openai-compatible-chat'
      ? { openaiCompatible: { name: message.toolName, ...(cache?.openaiCompatible ?? {}) } }
      : undefined;
  return {
    role: 'tool',
    content: [{
      type: 'tool-result',
      toolCallId: message.toolCallId,
      toolName: message.toolName,
      output: { type: 'text', value: joinedText(message.content) },
      ...(metadata ? { providerOptions: metadata } : {}),
    }],
  };
}

export function toOpenAiPrompt(messages: readonly LlmMessage[], options: OpenAiPromptOptions): SdkPrompt {
  const prompt: SdkMessage[] = [];
  const system = systemMessage(messages, options.api);
  if (system) prompt.push(system);
  let pendingImages: SdkUserPart[] = [];
  const flushImages = () => {
    if (pendingImages.length > 0) prompt.push({ role: 'user', content: pendingImages });
    pendingImages = [];
  };
  for (const message of messages.filter((entry): entry is Turn => entry.role !== 'system')) {
    if (message.role !== 'tool') flushImages();
    switch (message.role) {
      case 'user':
        prompt.push({
          role: 'user',
          content: options.forceStringContent ? stringUserParts(message.content, options.api) : userParts(message.content, options.api),
        });
        break;
      case 'assistant':
        prompt.push(assistantMessage(message, options));
        break;
      case 'tool':
        prompt.push(toolMessage(message, options.api));
        if (!options.forceStringContent) {
          for (const part of message.content) {
            const file = part.type === 'image' ? imageFilePart(part.url) : null;
            if (file) pendingImages.push(file);
          }
        }
        break;
    }
  }
  flushImages();
  return prompt;
}
