import type { LlmProtocol } from '../types.js';
import { anthropicMessagesRenderer } from './anthropic-messages.js';
import { bedrockConverseRenderer } from './bedrock-converse.js';
import { openAiChatRenderer } from './openai-chat.js';
import { openAiResponsesRenderer } from './openai-responses.js';
import type { ProtocolRenderer } from './protocol-renderer.js';

const rendererByProtocol: Record<LlmProtocol, ProtocolRenderer> = {
  'openai-chat': openAiChatRenderer,
  'openai-responses': openAiResponsesRenderer,
  anthropic: anthropicMessagesRenderer,
  bedrock: bedrockConverseRenderer,
};

export function rendererForProtocol(protocol: LlmProtocol): ProtocolRenderer {
  return rendererByProtocol[protocol];
}
