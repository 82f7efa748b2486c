import type { LlmProtocol } from './types.js';

/** Protocol-neutral finish reasons; any other scripted word passes through unchanged. */
export type CanonicalFinishReason = 'stop' | 'tool_calls' | 'length';

// Tests may script a finish reason in either protocol's words, so one script can drive a
// conversation over OpenAI or Anthropic alike.
const canonicalByWord: Record<string, CanonicalFinishReason> = {
  stop: 'stop',
  end_turn: 'stop',
  tool_calls: 'tool_calls',
  tool_use: 'tool_calls',
  length: 'length',
  max_tokens: 'length',
  max_output_tokens: 'length',
};

const wordByProtocol: Record<LlmProtocol, Record<CanonicalFinishReason, string>> = {
  'openai-chat': { stop: 'stop', tool_calls: 'tool_calls', length: 'length' },
  anthropic: { stop: 'end_turn', tool_calls: 'tool_use', length: 'max_tokens' },
  // Bedrock Converse `stopReason`s; `stop_sequence`, `guardrail_intervened` and `content_filtered` pass through.
  bedrock: { stop: 'end_turn', tool_calls: 'tool_use', length: 'max_tokens' },
  // The Responses API has no finish reason; its renderer maps `length` to an incomplete status.
  'openai-responses': { stop: 'stop', tool_calls: 'tool_calls', length: 'length' },
};

export function resolveFinishReason(options: {
  scripted: string | undefined;
  hasToolCalls: boolean;
}): CanonicalFinishReason | string {
  if (options.scripted === undefined) {
    return options.hasToolCalls ? 'tool_calls' : 'stop';
  }
  return canonicalByWord[options.scripted] ?? options.scripted;
}

export function finishReasonWord(protocol: LlmProtocol, finishReason: string): string {
  const words: Record<string, string> = wordByProtocol[protocol];
  return words[finishReason] ?? finishReason;
}
