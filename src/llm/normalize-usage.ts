import type { SdkUsage } from './sdk-types.js';
import type { LlmUsage } from './types.js';

const count = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.round(value) : 0);

function rawNumber(raw: unknown, ...path: string[]): number {
  let current = raw;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return 0;
    current = (current as Record<string, unknown>)[key];
  }
  return count(current);
}

/**
 * The SDK's usage as ours (agent.md 11.10). Prompt tokens include cached ones on every protocol
 * (the SDK already sums Anthropic's input + cache read + cache creation). Cache writes reported by
 * a LiteLLM proxy in its OpenAI-shaped usage are read from the raw usage.
 */
export function normalizeUsage(usage: SdkUsage | undefined): LlmUsage {
  const raw = usage?.raw;
  const cacheWrite =
    count(usage?.inputTokens.cacheWrite) ||
    rawNumber(raw, 'cache_creation_input_tokens') ||
    rawNumber(raw, 'prompt_tokens_details', 'cache_creation_tokens');
  return {
    promptTokens: count(usage?.inputTokens.total),
    completionTokens: count(usage?.outputTokens.total),
    cacheReadTokens: count(usage?.inputTokens.cacheRead),
    cacheWriteTokens: cacheWrite,
    reasoningTokens: count(usage?.outputTokens.reasoning),
  };
}
