import { MODEL_TABLE, type ModelInfo } from './model-table.js';
import type { LlmUsage } from './types.js';

export type { ModelInfo } from './model-table.js';

export interface CostOverrides {
  /** The LLM's `input_cost_per_token`; used only together with `outputCostPerToken`. */
  inputCostPerToken?: number | null;
  outputCostPerToken?: number | null;
  /** A cost the server reported for this call (LiteLLM's `x-litellm-response-cost` header). */
  reportedCost?: number | null;
}

const isNameChar = (character: string | undefined) => character !== undefined && /[a-z0-9]/.test(character);

/** Claude names on OpenRouter/Bedrock spell versions with a dot (`claude-sonnet-4.5`). */
function canonicalSpelling(model: string): string {
  return model.toLowerCase().replace(/(claude-[a-z]+-\d+)\.(\d+)/g, '$1-$2');
}

/**
 * The table entry for a model string, or null. A key matches where it appears in the string as a
 * whole name segment (so `gpt-4o` does not match `gpt-4o-mini`'s table row when the longer key
 * exists, and `gpt-5` never matches `gpt-50`); the longest matching key wins.
 */
export function lookupModelInfo(model: string): ModelInfo | null {
  const name = canonicalSpelling(model);
  let best: string | null = null;
  for (const key of MODEL_TABLE.keys()) {
    if (best !== null && key.length <= best.length) continue;
    let from = name.indexOf(key);
    while (from !== -1) {
      if (!isNameChar(name[from - 1]) && !isNameChar(name[from + key.length])) {
        best = key;
        break;
      }
      from = name.indexOf(key, from + 1);
    }
  }
  return best === null ? null : (MODEL_TABLE.get(best) ?? null);
}

/**
 * Cost of one call in USD (agent.md 11.10): the LLM's per-token overrides when both are set;
 * else the cost the server reported; else the bundled table (uncached input, cache reads and
 * cache writes each at their own price); else 0. `usage.promptTokens` includes cached tokens.
 */
export function costOf(model: string, usage: LlmUsage, overrides: CostOverrides = {}): number {
  const { inputCostPerToken, outputCostPerToken, reportedCost } = overrides;
  if (inputCostPerToken != null && outputCostPerToken != null) {
    return usage.promptTokens * inputCostPerToken + usage.completionTokens * outputCostPerToken;
  }
  if (reportedCost != null && Number.isFinite(reportedCost) && reportedCost >= 0) return reportedCost;
  const info = lookupModelInfo(model);
  if (info === null) return 0;
  const uncachedInput = Math.max(0, usage.promptTokens - usage.cacheReadTokens - usage.cacheWriteTokens);
  return (
    uncachedInput * info.inputCostPerToken +
    usage.cacheReadTokens * info.cacheReadCostPerToken +
    usage.cacheWriteTokens * info.cacheWriteCostPerToken +
    usage.completionTokens * info.outputCostPerToken
  );
}
