import { lookupModelInfo } from './pricing.js';

// Capability detection (agent.md 11.2): case-insensitive matches on the full model string, prefix
// included; `model_canonical_name`, when set, is used instead for vision and caching.
// Deliberate difference: a pattern must start at a name boundary (start, `/`, `-`, `.`, …), so
// `o1` matches `openai/o1-mini` but not an unrelated name that merely contains the letters.

export interface ModelCapabilities {
  supportsReasoningEffort: boolean;
  supportsExtendedThinking: boolean;
  supportsPromptCaching: boolean;
  supportsPromptCacheRetention: boolean;
  supportsStopWords: boolean;
  /** Content must be sent as one string (text parts joined with newlines, no images). */
  forceStringContent: boolean;
  /** `reasoning_content` is replayed on later turns (Kimi K2 thinking). */
  sendReasoningContent: boolean;
  supportsVision: boolean;
}

export interface CapabilityInput {
  model: string;
  model_canonical_name?: string | null;
  disable_vision?: boolean | null;
  force_string_serializer?: boolean | null;
}

// `codex-mini-latest` is not in the 11.2 table, but it is an o4-mini reasoning model: the reference
// always reaches it through the Responses API with `reasoning.effort` and temperature pinned at 1.0
// (11.8). Listing it sends the effort and leaves out temperature 0.0 / top_p, which it rejects, on
// the Chat Completions paths (proxies) too.
const REASONING_EFFORT = ['o1', 'o3', 'o4-mini', 'gemini-2.5-flash', 'gemini-2.5-pro', 'gpt-5', 'claude-opus-4-5', 'codex-mini-latest'];
const EXTENDED_THINKING = ['claude-sonnet-4-5', 'claude-haiku-4-5'];
const PROMPT_CACHING = [
  'claude-3-7-sonnet', 'claude-sonnet-3-7-latest', 'claude-3-5-sonnet', 'claude-3-5-haiku', 'claude-3-haiku-20240307',
  'claude-3-opus-20240229', 'claude-sonnet-4', 'claude-opus-4', 'claude-haiku-4-5', 'claude-opus-4-5',
];
const PROMPT_CACHE_RETENTION = ['gpt-5', 'gpt-4.1'];
const NO_STOP_WORDS = ['o1', 'o3', 'grok-4-0709', 'grok-code-fast-1', 'deepseek-r1-0528'];
const STRING_ONLY_CONTENT = ['deepseek', 'glm', 'groq/kimi-k2-instruct'];
const SEND_REASONING_CONTENT = ['kimi-k2-thinking'];
const FORCED_64K_OUTPUT = ['claude-3-7-sonnet', 'claude-sonnet-4', 'kimi-k2-thinking'];

export function matchesModelPattern(model: string, patterns: readonly string[]): boolean {
  const name = model.toLowerCase();
  return patterns.some((pattern) => {
    for (let index = name.indexOf(pattern); index !== -1; index = name.indexOf(pattern, index + 1)) {
      if (index === 0 || !/[a-z0-9]/.test(name[index - 1])) return true;
    }
    return false;
  });
}

export function detectCapabilities(input: CapabilityInput): ModelCapabilities {
  const model = input.model;
  const canonical = input.model_canonical_name?.trim() || model;
  return {
    supportsReasoningEffort: matchesModelPattern(model, REASONING_EFFORT),
    supportsExtendedThinking: matchesModelPattern(model, EXTENDED_THINKING),
    supportsPromptCaching: matchesModelPattern(canonical, PROMPT_CACHING),
    supportsPromptCacheRetention: matchesModelPattern(model, PROMPT_CACHE_RETENTION),
    supportsStopWords: !matchesModelPattern(model, NO_STOP_WORDS),
    forceStringContent: input.force_string_serializer === true || matchesModelPattern(model, STRING_ONLY_CONTENT),
    sendReasoningContent: matchesModelPattern(model, SEND_REASONING_CONTENT),
    supportsVision: input.disable_vision !== true && (lookupModelInfo(canonical)?.supportsVision ?? false),
  };
}

/**
 * `max_output_tokens` as sent (11.2): the configured value; else 64000 for the models that force
 * it; else the table's limit; names containing `o3` are clamped to 100000. Null means "let the
 * provider decide" (the Anthropic adapter then uses its per-model default, as `max_tokens` is mandatory).
 */
export function resolveMaxOutputTokens(input: { model: string; max_output_tokens?: number | null }): number | null {
  let tokens = input.max_output_tokens ?? null;
  if (tokens === null) {
    tokens = matchesModelPattern(input.model, FORCED_64K_OUTPUT) ? 64_000 : (lookupModelInfo(input.model)?.maxOutputTokens ?? null);
    if (tokens !== null && matchesModelPattern(input.model, ['o3'])) tokens = Math.min(tokens, 100_000);
  }
  return tokens;
}

/** Context window reported with each response: `max_input_tokens`, else the table's, else 0. */
export function resolveContextWindow(input: { model: string; max_input_tokens?: number | null; model_canonical_name?: string | null }): number {
  return input.max_input_tokens ?? lookupModelInfo(input.model_canonical_name?.trim() || input.model)?.contextWindow ?? 0;
}
