/**
 * Per-LLM metrics (agent.md 11.10, api.md 17.3). Pure: each call returns new objects.
 */
import type { LlmResponse } from '../llm/index.js';

type Json = Record<string, unknown>;

export interface TokenUsage {
  model: string;
  prompt_tokens: number;
  completion_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  reasoning_tokens: number;
  context_window: number;
  per_turn_token: number;
  response_id: string;
}

export interface Metrics {
  model_name: string;
  accumulated_cost: number;
  max_budget_per_task: number | null;
  accumulated_token_usage: TokenUsage;
  costs: { model: string; cost: number; timestamp: number }[];
  response_latencies: { model: string; latency: number; response_id: string }[];
  token_usages: TokenUsage[];
}

export function emptyTokenUsage(model: string): TokenUsage {
  return { model, prompt_tokens: 0, completion_tokens: 0, cache_read_tokens: 0, cache_write_tokens: 0, reasoning_tokens: 0, context_window: 0, per_turn_token: 0, response_id: '' };
}

export function newMetrics(model: string, maxBudgetPerTask: number | null = null): Metrics {
  return { model_name: model, accumulated_cost: 0.0, max_budget_per_task: maxBudgetPerTask, accumulated_token_usage: emptyTokenUsage(model), costs: [], response_latencies: [], token_usages: [] };
}

function callUsage(model: string, response: LlmResponse): TokenUsage {
  const { usage } = response;
  return {
    model,
    prompt_tokens: usage.promptTokens,
    completion_tokens: usage.completionTokens,
    cache_read_tokens: usage.cacheReadTokens,
    cache_write_tokens: usage.cacheWriteTokens,
    reasoning_tokens: usage.reasoningTokens,
    context_window: response.contextWindow,
    per_turn_token: usage.promptTokens + usage.completionTokens,
    response_id: response.id,
  };
}

function accumulate(total: TokenUsage, call: TokenUsage): TokenUsage {
  return {
    model: total.model,
    prompt_tokens: total.prompt_tokens + call.prompt_tokens,
    completion_tokens: total.completion_tokens + call.completion_tokens,
    cache_read_tokens: total.cache_read_tokens + call.cache_read_tokens,
    cache_write_tokens: total.cache_write_tokens + call.cache_write_tokens,
    reasoning_tokens: total.reasoning_tokens + call.reasoning_tokens,
    context_window: Math.max(total.context_window, call.context_window),
    per_turn_token: call.per_turn_token,
    response_id: '',
  };
}

/** Adds one successful response: its latency always, its cost when positive, its tokens when any. */
export function recordResponse(metrics: Metrics, response: LlmResponse, nowSeconds: number): Metrics {
  const model = metrics.model_name;
  const next: Metrics = {
    ...metrics,
    response_latencies: [...metrics.response_latencies, { model, latency: Math.max(0, response.latencySeconds), response_id: response.id }],
  };
  if (response.cost > 0) {
    next.accumulated_cost = metrics.accumulated_cost + response.cost;
    next.costs = [...metrics.costs, { model, cost: response.cost, timestamp: nowSeconds }];
  }
  if (response.usage.promptTokens > 0 || response.usage.completionTokens > 0) {
    const usage = callUsage(model, response);
    next.token_usages = [...metrics.token_usages, usage];
    next.accumulated_token_usage = accumulate(metrics.accumulated_token_usage, usage);
  }
  return next;
}

/** The `stats` state-update value: each Metrics without its per-call lists (api.md 14.4.8). */
export function statsSnapshot(stats: { usage_to_metrics: Record<string, Json> }): { usage_to_metrics: Record<string, Json> } {
  const snapshot: Record<string, Json> = {};
  for (const [usageId, metrics] of Object.entries(stats.usage_to_metrics)) {
    snapshot[usageId] = {
      model_name: metrics.model_name,
      accumulated_cost: metrics.accumulated_cost,
      max_budget_per_task: metrics.max_budget_per_task ?? null,
      accumulated_token_usage: metrics.accumulated_token_usage,
    };
  }
  return { usage_to_metrics: snapshot };
}

/**
 * True when the next call may not be made: the spending has reached the budget, or the previous
 * call's cost on top of it would pass the budget (the next prompt is at least as long, so its
 * cost is estimated from the last one).
 */
export function isBudgetExhausted(metrics: Pick<Metrics, 'accumulated_cost' | 'max_budget_per_task' | 'costs'> | undefined): boolean {
  if (!metrics || metrics.max_budget_per_task === null || metrics.max_budget_per_task === undefined) return false;
  const lastCost = metrics.costs.at(-1)?.cost ?? 0;
  return metrics.accumulated_cost >= metrics.max_budget_per_task || metrics.accumulated_cost + lastCost > metrics.max_budget_per_task;
}
