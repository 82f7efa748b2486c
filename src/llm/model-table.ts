// The bundled model table: prices, context windows, output limits and vision support of common
// models (public list prices in USD, standard tier, prompts under any long-context surcharge).
// Keys are base names; `lookupModelInfo` matches them inside longer strings, so
// `litellm_proxy/anthropic/claude-sonnet-4-5-20250929` finds `claude-sonnet-4-5`.
// Per-LLM `input_cost_per_token`/`output_cost_per_token` override these prices (agent.md 11.10).

export interface ModelInfo {
  inputCostPerToken: number;
  outputCostPerToken: number;
  cacheReadCostPerToken: number;
  cacheWriteCostPerToken: number;
  /** Maximum input tokens. */
  contextWindow: number;
  maxOutputTokens: number;
  supportsVision: boolean;
}

interface Entry {
  /** USD per million tokens: input, output, cache read, cache write. */
  prices: [number, number, number, number];
  contextWindow: number;
  maxOutputTokens: number;
  vision: boolean;
}

const entries: Record<string, Entry> = {
  // Anthropic (cache write = 5-minute ephemeral breakpoints, 1.25x input; cache read 0.1x input)
  'claude-opus-4-5': { prices: [5, 25, 0.5, 6.25], contextWindow: 200_000, maxOutputTokens: 64_000, vision: true },
  'claude-opus-4-1': { prices: [15, 75, 1.5, 18.75], contextWindow: 200_000, maxOutputTokens: 32_000, vision: true },
  'claude-opus-4': { prices: [15, 75, 1.5, 18.75], contextWindow: 200_000, maxOutputTokens: 32_000, vision: true },
  'claude-sonnet-4-5': { prices: [3, 15, 0.3, 3.75], contextWindow: 200_000, maxOutputTokens: 64_000, vision: true },
  'claude-sonnet-4': { prices: [3, 15, 0.3, 3.75], contextWindow: 200_000, maxOutputTokens: 64_000, vision: true },
  'claude-haiku-4-5': { prices: [1, 5, 0.1, 1.25], contextWindow: 200_000, maxOutputTokens: 64_000, vision: true },
  'claude-3-7-sonnet': { prices: [3, 15, 0.3, 3.75], contextWindow: 200_000, maxOutputTokens: 64_000, vision: true },
  'claude-3-5-sonnet': { prices: [3, 15, 0.3, 3.75], contextWindow: 200_000, maxOutputTokens: 8_192, vision: true },
  'claude-3-5-haiku': { prices: [0.8, 4, 0.08, 1], contextWindow: 200_000, maxOutputTokens: 8_192, vision: true },
  // OpenAI (cache read = cached input price; OpenAI bills no cache writes)
  'gpt-4o': { prices: [2.5, 10, 1.25, 0], contextWindow: 128_000, maxOutputTokens: 16_384, vision: true },
  'gpt-4o-mini': { prices: [0.15, 0.6, 0.075, 0], contextWindow: 128_000, maxOutputTokens: 16_384, vision: true },
  'gpt-4.1': { prices: [2, 8, 0.5, 0], contextWindow: 1_047_576, maxOutputTokens: 32_768, vision: true },
  'gpt-4.1-mini': { prices: [0.4, 1.6, 0.1, 0], contextWindow: 1_047_576, maxOutputTokens: 32_768, vision: true },
  'gpt-4.1-nano': { prices: [0.1, 0.4, 0.025, 0], contextWindow: 1_047_576, maxOutputTokens: 32_768, vision: true },
  'gpt-5': { prices: [1.25, 10, 0.125, 0], contextWindow: 272_000, maxOutputTokens: 128_000, vision: true },
  'gpt-5.1': { prices: [1.25, 10, 0.125, 0], contextWindow: 272_000, maxOutputTokens: 128_000, vision: true },
  'gpt-5-codex': { prices: [1.25, 10, 0.125, 0], contextWindow: 272_000, maxOutputTokens: 128_000, vision: true },
  'gpt-5-mini': { prices: [0.25, 2, 0.025, 0], contextWindow: 272_000, maxOutputTokens: 128_000, vision: true },
  'gpt-5-nano': { prices: [0.05, 0.4, 0.005, 0], contextWindow: 272_000, maxOutputTokens: 128_000, vision: true },
  'codex-mini-latest': { prices: [1.5, 6, 0.375, 0], contextWindow: 200_000, maxOutputTokens: 100_000, vision: true },
  o1: { prices: [15, 60, 7.5, 0], contextWindow: 200_000, maxOutputTokens: 100_000, vision: true },
  o3: { prices: [2, 8, 0.5, 0], contextWindow: 200_000, maxOutputTokens: 100_000, vision: true },
  'o3-mini': { prices: [1.1, 4.4, 0.55, 0], contextWindow: 200_000, maxOutputTokens: 100_000, vision: false },
  'o4-mini': { prices: [1.1, 4.4, 0.275, 0], contextWindow: 200_000, maxOutputTokens: 100_000, vision: true },
  // Google (through an OpenAI-compatible endpoint)
  'gemini-2.5-pro': { prices: [1.25, 10, 0.31, 0], contextWindow: 1_048_576, maxOutputTokens: 65_535, vision: true },
  'gemini-2.5-flash': { prices: [0.3, 2.5, 0.075, 0], contextWindow: 1_048_576, maxOutputTokens: 65_535, vision: true },
};

const perToken = (usdPerMillion: number) => usdPerMillion / 1_000_000;

export const MODEL_TABLE: ReadonlyMap<string, ModelInfo> = new Map(
  Object.entries(entries).map(([name, entry]) => [
    name,
    Object.freeze({
      inputCostPerToken: perToken(entry.prices[0]),
      outputCostPerToken: perToken(entry.prices[1]),
      cacheReadCostPerToken: perToken(entry.prices[2]),
      cacheWriteCostPerToken: perToken(entry.prices[3]),
      contextWindow: entry.contextWindow,
      maxOutputTokens: entry.maxOutputTokens,
      supportsVision: entry.vision,
    }),
  ]),
);
