import type { LlmApi } from './model-router.js';
import type { SdkPrompt } from './sdk-types.js';
import { toAnthropicPrompt } from './to-anthropic-prompt.js';
import { toOpenAiPrompt } from './to-openai-prompt.js';
import type { LlmMessage } from './types.js';

export interface SdkPromptOptions {
  api: LlmApi;
  forceStringContent: boolean;
  sendReasoningContent: boolean;
}

/** Our messages as the AI SDK prompt for the route's protocol. */
export function toSdkPrompt(messages: readonly LlmMessage[], options: SdkPromptOptions): SdkPrompt {
  if (options.api === 'anthropic-messages' || options.api === 'bedrock-converse') return toAnthropicPrompt(messages, options.api);
  return toOpenAiPrompt(messages, { ...options, api: options.api });
}
