import type { LlmApi } from './model-router.js';
import { normalizeUsage } from './normalize-usage.js';
import type { SdkContent, SdkGenerateResult } from './sdk-types.js';
import type { LlmFinishReason, LlmResponse, LlmThinkingBlock, LlmToolCall } from './types.js';

// The SDK's generate result as our response fields (agent.md 3.4, 11.7, 11.12).

/** The response fields the SDK result gives; the client adds cost, latency and context window. */
export type ParsedResult = Omit<LlmResponse, 'id' | 'model' | 'cost' | 'latencySeconds' | 'contextWindow'> & {
  id: string | null;
  model: string | null;
  /** LiteLLM's `x-litellm-response-cost` header. */
  reportedCost: number | null;
};

const FINISH_REASONS: Record<string, LlmFinishReason> = {
  stop: 'stop',
  length: 'length',
  'content-filter': 'content_filter',
  'tool-calls': 'tool_calls',
  error: 'error',
  other: 'other',
};

type ReasoningPart = Extract<SdkContent, { type: 'reasoning' }>;

function metadataOf(part: ReasoningPart, provider: string): Record<string, unknown> {
  const metadata = part.providerMetadata?.[provider];
  return typeof metadata === 'object' && metadata !== null ? (metadata as Record<string, unknown>) : {};
}

/** Claude's thinking blocks; Anthropic and Bedrock report them under their own metadata key, in the same fields. */
function thinkingBlocksOf(parts: ReasoningPart[], provider: 'anthropic' | 'bedrock'): LlmThinkingBlock[] {
  const blocks: LlmThinkingBlock[] = [];
  for (const part of parts) {
    const metadata = metadataOf(part, provider);
    if (typeof metadata.redactedData === 'string') blocks.push({ type: 'redacted_thinking', data: metadata.redactedData });
    else if (typeof metadata.signature === 'string') blocks.push({ type: 'thinking', thinking: part.text, signature: metadata.signature });
  }
  return blocks;
}

function thinkingBlocksFor(api: LlmApi, parts: ReasoningPart[]): LlmThinkingBlock[] {
  if (api === 'anthropic-messages') return thinkingBlocksOf(parts, 'anthropic');
  if (api === 'bedrock-converse') return thinkingBlocksOf(parts, 'bedrock');
  return [];
}

/** The first reasoning item of a Responses answer, in the contract's ReasoningItemModel shape. */
function responsesReasoningItemOf(parts: ReasoningPart[]): Record<string, unknown> | null {
  const first = parts.find((part) => typeof metadataOf(part, 'openai').itemId === 'string');
  if (!first) return null;
  const id = metadataOf(first, 'openai').itemId as string;
  const ofItem = parts.filter((part) => metadataOf(part, 'openai').itemId === id);
  const encrypted = ofItem.map((part) => metadataOf(part, 'openai').reasoningEncryptedContent).find((value) => typeof value === 'string');
  return {
    id,
    summary: ofItem.map((part) => part.text).filter((text) => text.length > 0),
    content: null,
    encrypted_content: (encrypted as string | undefined) ?? null,
    status: null,
  };
}

function headerValue(headers: Record<string, string | undefined> | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const entry = Object.entries(headers).find(([key]) => key.toLowerCase() === name);
  return entry?.[1];
}

function isIdList(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((id) => Number.isInteger(id));
}

/** vLLM's `prompt_token_ids` and `choices[0].token_ids` (LiteLLM proxies move the latter into `provider_specific_fields`). */
function tokenIdsOf(body: unknown): LlmResponse['tokenIds'] {
  const response = body as { prompt_token_ids?: unknown; choices?: { token_ids?: unknown; provider_specific_fields?: { token_ids?: unknown } }[] } | null;
  const choice = Array.isArray(response?.choices) ? response.choices[0] : undefined;
  const responseIds = choice?.token_ids ?? choice?.provider_specific_fields?.token_ids;
  if (!isIdList(response?.prompt_token_ids) || !isIdList(responseIds)) return null;
  return { prompt: response.prompt_token_ids, response: responseIds };
}

export function fromSdkResult(result: SdkGenerateResult, api: LlmApi): ParsedResult {
  const texts: string[] = [];
  const toolCalls: LlmToolCall[] = [];
  const reasoning: ReasoningPart[] = [];
  for (const part of result.content) {
    if (part.type === 'text') texts.push(part.text);
    else if (part.type === 'reasoning') reasoning.push(part);
    else if (part.type === 'tool-call' && !part.providerExecuted) {
      toolCalls.push({ id: part.toolCallId, name: part.toolName, arguments: part.input });
    }
  }
  const thinkingBlocks = thinkingBlocksFor(api, reasoning);
  const responsesReasoningItem = api === 'openai-responses' ? responsesReasoningItemOf(reasoning) : null;
  const reasoningTexts = reasoning.map((part) => part.text).filter((text) => text.length > 0);
  const cost = Number.parseFloat(headerValue(result.response?.headers, 'x-litellm-response-cost') ?? '');
  return {
    id: result.response?.id ?? null,
    model: result.response?.modelId ?? null,
    text: api === 'openai-responses' ? texts.join('\n').trim() : texts.join(''),
    toolCalls,
    reasoningContent: api !== 'openai-responses' && reasoningTexts.length > 0 ? reasoningTexts.join('\n') : null,
    thinkingBlocks,
    responsesReasoningItem,
    finishReason: FINISH_REASONS[result.finishReason.unified] ?? 'other',
    usage: normalizeUsage(result.usage),
    reportedCost: Number.isFinite(cost) ? cost : null,
    tokenIds: tokenIdsOf(result.response?.body),
  };
}
