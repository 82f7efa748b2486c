import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { costOf, lookupModelInfo } from './pricing.js';
import type { LlmUsage } from './types.js';

const usage = (fields: Partial<LlmUsage>): LlmUsage => ({
  promptTokens: 0, completionTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0, ...fields,
});

const close = (actual: number, expected: number) => assert.ok(Math.abs(actual - expected) < 1e-12, `${actual} != ${expected}`);

describe('lookupModelInfo', () => {
  const cases: Array<[string, number | null]> = [
    ['claude-sonnet-4-5-20250929', 200_000],
    ['litellm_proxy/anthropic/claude-sonnet-4-5-20250929', 200_000],
    ['openrouter/anthropic/claude-sonnet-4.5', 200_000],
    ['us.anthropic.claude-haiku-4-5-20251001-v1:0', 200_000],
    // Bedrock model ids and inference profiles: the vendor, region and version around a known name.
    ['bedrock/anthropic.claude-3-5-sonnet-20241022-v2:0', 200_000],
    ['bedrock/global.anthropic.claude-sonnet-4-5-20250929-v1:0', 200_000],
    ['bedrock/anthropic.claude-3-sonnet-20240229-v1:0', null],
    ['bedrock/us.amazon.nova-pro-v1:0', null],
    ['openai/gpt-4.1-mini-2025-04-14', 1_047_576],
    ['gpt-5-mini', 272_000],
    ['o4-mini', 200_000],
    ['gpt-50', null],
    ['openai/fake-model', null],
  ];
  for (const [model, contextWindow] of cases) {
    it(`${model} -> ${contextWindow}`, () => assert.equal(lookupModelInfo(model)?.contextWindow ?? null, contextWindow));
  }

  it('prefers the longest matching key', () => {
    assert.equal(lookupModelInfo('gpt-4o-mini-2024-07-18')?.inputCostPerToken, 0.15 / 1e6);
    assert.equal(lookupModelInfo('gpt-4o-2024-11-20')?.inputCostPerToken, 2.5 / 1e6);
    assert.equal(lookupModelInfo('claude-sonnet-4-20250514')?.maxOutputTokens, 64_000);
    assert.equal(lookupModelInfo('claude-opus-4-5-20251101')?.inputCostPerToken, 5 / 1e6);
    assert.equal(lookupModelInfo('claude-opus-4-20250514')?.inputCostPerToken, 15 / 1e6);
  });
});

describe('costOf', () => {
  it('prices uncached input, cache reads, cache writes and output separately', () => {
    // claude-sonnet-4-5: 3 / 15 / 0.30 / 3.75 per million
    const cost = costOf('anthropic/claude-sonnet-4-5', usage({ promptTokens: 1_000_000, cacheReadTokens: 400_000, cacheWriteTokens: 100_000, completionTokens: 10_000 }));
    close(cost, 0.5 * 3 + 0.4 * 0.3 + 0.1 * 3.75 + 0.01 * 15);
  });

  it('uses the per-token overrides when both are set', () => {
    close(costOf('anthropic/claude-sonnet-4-5', usage({ promptTokens: 100, completionTokens: 10 }), { inputCostPerToken: 0.01, outputCostPerToken: 0.1 }), 2);
  });

  it('ignores a single override and falls back to the table', () => {
    close(costOf('gpt-4o', usage({ promptTokens: 1_000_000 }), { inputCostPerToken: 1 }), 2.5);
  });

  it('uses the reported proxy cost before the table, after the overrides', () => {
    close(costOf('gpt-4o', usage({ promptTokens: 1_000_000 }), { reportedCost: 0.42 }), 0.42);
    close(costOf('gpt-4o', usage({ promptTokens: 10 }), { reportedCost: 0.42, inputCostPerToken: 1, outputCostPerToken: 1 }), 10);
  });

  it('is 0 for an unknown model without overrides', () => {
    assert.equal(costOf('openai/fake-model', usage({ promptTokens: 100, completionTokens: 10 })), 0);
  });
});
