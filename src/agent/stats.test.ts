import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { LlmResponse } from '../llm/index.js';
import { isBudgetExhausted, newMetrics, recordResponse, statsSnapshot } from './stats.js';

function response(id: string, promptTokens: number, completionTokens: number, cost: number): LlmResponse {
  return {
    id,
    model: 'm',
    text: 'x',
    toolCalls: [],
    reasoningContent: null,
    thinkingBlocks: [],
    responsesReasoningItem: null,
    finishReason: 'stop',
    usage: { promptTokens, completionTokens, cacheReadTokens: 2, cacheWriteTokens: 0, reasoningTokens: 1 },
    cost,
    latencySeconds: 0.5,
    contextWindow: 1000,
    tokenIds: null,
  };
}

describe('stats', () => {
  test('each response adds latency, positive cost and token usage; totals accumulate', () => {
    let metrics = newMetrics('openai/gpt-4o');
    metrics = recordResponse(metrics, response('r1', 10, 5, 0.01), 100);
    metrics = recordResponse(metrics, response('r2', 20, 7, 0), 101);
    assert.equal(metrics.accumulated_cost, 0.01);
    assert.deepEqual(metrics.costs, [{ model: 'openai/gpt-4o', cost: 0.01, timestamp: 100 }]);
    assert.deepEqual(metrics.response_latencies.map((entry) => entry.response_id), ['r1', 'r2']);
    assert.deepEqual(metrics.accumulated_token_usage, {
      model: 'openai/gpt-4o',
      prompt_tokens: 30,
      completion_tokens: 12,
      cache_read_tokens: 4,
      cache_write_tokens: 0,
      reasoning_tokens: 2,
      context_window: 1000,
      per_turn_token: 27,
      response_id: '',
    });
    assert.equal(metrics.token_usages.length, 2);
    assert.equal(metrics.token_usages[1].response_id, 'r2');
  });

  test('a response without tokens records no token usage', () => {
    const metrics = recordResponse(newMetrics('m'), response('r1', 0, 0, 0), 1);
    assert.equal(metrics.token_usages.length, 0);
    assert.equal(metrics.response_latencies.length, 1);
  });

  test('the snapshot drops the per-call lists', () => {
    const metrics = recordResponse(newMetrics('m', 2), response('r1', 1, 1, 0.5), 1);
    assert.deepEqual(statsSnapshot({ usage_to_metrics: { agent: metrics as unknown as Record<string, unknown> } }), {
      usage_to_metrics: { agent: { model_name: 'm', accumulated_cost: 0.5, max_budget_per_task: 2, accumulated_token_usage: metrics.accumulated_token_usage } },
    });
  });

  test('the budget stops the next call once it is reached or the last call would pass it', () => {
    const spent = (total: number, last: number | null, budget: number | null) => ({
      accumulated_cost: total,
      max_budget_per_task: budget,
      costs: last === null ? [] : [{ model: 'm', cost: last, timestamp: 1 }],
    });
    assert.equal(isBudgetExhausted(spent(1, 1, null)), false);
    assert.equal(isBudgetExhausted(spent(0, null, 0.15)), false);
    assert.equal(isBudgetExhausted(spent(0.1, 0.1, 0.25)), false);
    assert.equal(isBudgetExhausted(spent(0.2, 0.1, 0.25)), true);
    assert.equal(isBudgetExhausted(spent(0.3, null, 0.25)), true);
    assert.equal(isBudgetExhausted(undefined), false);
  });
});
