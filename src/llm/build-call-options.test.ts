import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildCallOptions, type CallSettings } from './build-call-options.js';
import { detectCapabilities } from './capabilities.js';
import { routeModel, type ModelRouteInput } from './model-router.js';

function build(settings: CallSettings & ModelRouteInput, isTextToolCalling = false) {
  return buildCallOptions({ settings, route: routeModel(settings), capabilities: detectCapabilities(settings), isTextToolCalling });
}

describe('buildCallOptions', () => {
  it('passes sampling parameters to a plain chat model', () => {
    const { parameters, droppedParameters } = build({ model: 'openai/gpt-4o', temperature: 0, top_p: 1, seed: 3, max_output_tokens: 100 });
    assert.deepEqual(parameters, { temperature: 0, topP: 1, seed: 3, maxOutputTokens: 100, providerOptions: { openai: {} }, headers: {} });
    assert.deepEqual(droppedParameters, []);
  });

  it('fills max_output_tokens from the table', () => {
    assert.equal(build({ model: 'gpt-4o' }).parameters.maxOutputTokens, 16_384);
  });

  it('adds reasoning_effort and removes temperature and top_p for reasoning models', () => {
    const { parameters } = build({ model: 'openai/o3', temperature: 0, top_p: 1, reasoning_effort: 'high' });
    assert.equal(parameters.temperature, undefined);
    assert.equal(parameters.topP, undefined);
    assert.deepEqual(parameters.providerOptions, { openai: { reasoningEffort: 'high' } });
  });

  it('uses low effort for gemini-2.5-pro with none', () => {
    const { parameters } = build({ model: 'gemini/gemini-2.5-pro', base_url: 'http://g', reasoning_effort: 'none' });
    assert.equal((parameters.providerOptions?.compatible as Record<string, unknown>).reasoningEffort, 'low');
  });

  it('enables Anthropic thinking with the beta header, which user headers override', () => {
    const { parameters } = build({ model: 'anthropic/claude-haiku-4-5', temperature: 0, top_p: 1, extended_thinking_budget: 2000 });
    assert.deepEqual(parameters.providerOptions, { anthropic: { thinking: { type: 'enabled', budgetTokens: 2000 } } });
    assert.deepEqual(parameters.headers, { 'anthropic-beta': 'interleaved-thinking-2025-05-14' });
    assert.equal(parameters.temperature, undefined);
    const custom = build({ model: 'anthropic/claude-haiku-4-5', extended_thinking_budget: 2000, extra_headers: { 'Anthropic-Beta': 'mine' } });
    assert.deepEqual(custom.parameters.headers, { 'Anthropic-Beta': 'mine' });
  });

  it('does not enable thinking for models without it or without a budget', () => {
    assert.deepEqual(build({ model: 'anthropic/claude-sonnet-4-20250514', extended_thinking_budget: 2000 }).parameters.providerOptions, { anthropic: {} });
    assert.deepEqual(build({ model: 'anthropic/claude-sonnet-4-5', extended_thinking_budget: null }).parameters.providerOptions, { anthropic: {} });
  });

  it('maps reasoning_effort to Anthropic effort for claude-opus-4-5', () => {
    const { parameters } = build({ model: 'anthropic/claude-opus-4-5', reasoning_effort: 'medium' });
    assert.deepEqual(parameters.providerOptions, { anthropic: { effort: 'medium' } });
    assert.deepEqual(parameters.headers, { 'anthropic-beta': 'effort-2025-11-24' });
    assert.deepEqual(build({ model: 'anthropic/claude-opus-4-5', reasoning_effort: 'none' }).parameters.providerOptions, { anthropic: {} });
  });

  it('lists parameters a protocol does not support', () => {
    assert.deepEqual(build({ model: 'anthropic/claude-x', seed: 1 }).droppedParameters, ['seed']);
    assert.deepEqual(build({ model: 'openai/gpt-4o', top_k: 5 }).droppedParameters, ['top_k']);
    assert.deepEqual(build({ model: 'openai/gpt-5', top_k: 5, seed: 2 }).droppedParameters, ['top_k', 'seed']);
  });

  it('sends OpenAI-compatible extras in the body', () => {
    const { parameters } = build({ model: 'litellm_proxy/gpt-5', base_url: 'http://p', top_k: 4, max_output_tokens: 99, prompt_cache_retention: '24h' });
    assert.equal(parameters.maxOutputTokens, undefined);
    assert.deepEqual(parameters.providerOptions, {
      compatible: { max_completion_tokens: 99, top_k: 4, prompt_cache_retention: '24h' },
    });
    const ollama = build({ model: 'ollama/llama3', max_output_tokens: 99 });
    assert.equal(ollama.parameters.maxOutputTokens, 99);
  });

  it('adds the stop word for prompt-based tool calling unless unsupported or disabled', () => {
    assert.deepEqual(build({ model: 'openai/gpt-4o' }, true).parameters.stopSequences, ['</function']);
    assert.equal(build({ model: 'openai/o3' }, true).parameters.stopSequences, undefined);
    assert.equal(build({ model: 'openai/gpt-4o', disable_stop_word: true }, true).parameters.stopSequences, undefined);
    assert.equal(build({ model: 'openai/gpt-4o' }, false).parameters.stopSequences, undefined);
  });

  it('runs the Responses API at temperature 1.0 without top_p and forces reasoning for codex-mini-latest', () => {
    const gpt5 = build({ model: 'openai/gpt-5-chat-latest', temperature: 0, top_p: 1 }).parameters;
    assert.equal(gpt5.temperature, 1);
    assert.equal(gpt5.topP, undefined);
    assert.equal((gpt5.providerOptions?.openai as Record<string, unknown>).forceReasoning, undefined);
    const codex = build({ model: 'openai/codex-mini-latest', temperature: 0, top_p: 1, reasoning_effort: 'medium' }).parameters;
    assert.equal(codex.topP, undefined);
    assert.equal((codex.providerOptions?.openai as Record<string, unknown>).forceReasoning, true);
    assert.equal((codex.providerOptions?.openai as Record<string, unknown>).reasoningEffort, 'medium');
  });

  it('treats codex-mini-latest as a reasoning model on Chat Completions too', () => {
    const { parameters } = build({ model: 'litellm_proxy/codex-mini-latest', base_url: 'http://p', temperature: 0, top_p: 1, reasoning_effort: 'high' });
    assert.equal(parameters.temperature, undefined);
    assert.equal(parameters.topP, undefined);
    assert.equal((parameters.providerOptions?.compatible as Record<string, unknown>).reasoningEffort, 'high');
  });

  it('configures the Responses API', () => {
    const { parameters } = build({ model: 'openai/gpt-5', reasoning_effort: 'high', reasoning_summary: 'auto', prompt_cache_retention: '24h' });
    assert.deepEqual(parameters.providerOptions, {
      openai: { reasoningEffort: 'high', promptCacheRetention: '24h', store: false, include: ['reasoning.encrypted_content'], reasoningSummary: 'auto' },
    });
  });
});
