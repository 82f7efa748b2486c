import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contractSchemas } from './contract-fixture.js';
import { ModelValidationError } from './errors.js';
import { DEFAULT_LLM_PROXY_BASE_URL, LlmInput, LlmSchema, maskLlm, normalizeLlm, type Llm } from './llm.js';
import { SECRET_MASK } from './secrets.js';
import { compile } from './test-ajv.js';

const CONTRACT_ORDER = [
  'model', 'api_key', 'base_url', 'api_version', 'aws_access_key_id', 'aws_secret_access_key', 'aws_region_name',
  'openrouter_site_url', 'openrouter_app_name', 'num_retries', 'retry_multiplier', 'retry_min_wait', 'retry_max_wait',
  'timeout', 'max_message_chars', 'temperature', 'top_p', 'top_k', 'custom_llm_provider', 'max_input_tokens',
  'max_output_tokens', 'model_canonical_name', 'extra_headers', 'input_cost_per_token', 'output_cost_per_token',
  'ollama_base_url', 'stream', 'drop_params', 'modify_params', 'disable_vision', 'disable_stop_word', 'caching_prompt',
  'log_completions', 'log_completions_folder', 'custom_tokenizer', 'native_tool_calling', 'force_string_serializer',
  'reasoning_effort', 'reasoning_summary', 'enable_encrypted_reasoning', 'prompt_cache_retention',
  'extended_thinking_budget', 'seed', 'safety_settings', 'usage_id', 'litellm_extra_body', 'OVERRIDE_ON_SERIALIZE',
];

describe('LlmInput schema', () => {
  const validate = compile(LlmInput);

  it('rejects unknown fields', () => {
    const outcome = validate({ model: 'gpt-4o', not_a_field: 1 });
    assert.equal(outcome.valid, false);
    assert.equal(outcome.errors[0]?.keyword, 'additionalProperties');
  });

  it('requires a non-empty model', () => {
    assert.equal(validate({}).errors[0]?.keyword, 'required');
    assert.equal(validate({ model: '' }).errors[0]?.keyword, 'minLength');
  });

  it('accepts OVERRIDE_ON_SERIALIZE and a fully echoed LLM', () => {
    const echoed = maskLlm(normalizeLlm({ model: 'gpt-4o', api_key: 'sk-1' }));
    assert.equal(validate(echoed).valid, true);
    assert.equal(validate({ model: 'x', OVERRIDE_ON_SERIALIZE: ['whatever'] }).valid, true);
  });

  it('enforces numeric and enum constraints', () => {
    assert.equal(validate({ model: 'x', num_retries: -1 }).valid, false);
    assert.equal(validate({ model: 'x', top_p: 1.5 }).valid, false);
    assert.equal(validate({ model: 'x', max_message_chars: 0 }).valid, false);
    assert.equal(validate({ model: 'x', reasoning_effort: 'extreme' }).valid, false);
    assert.equal(validate({ model: 'x', reasoning_effort: null }).valid, true);
    assert.equal(validate({ model: 'x', timeout: 1.5 }).valid, false);
  });

  it('keeps null as null under type coercion', () => {
    const outcome = validate({ model: 'x', base_url: null, timeout: null, extra_headers: null, safety_settings: null, disable_stop_word: null });
    assert.equal(outcome.valid, true);
    const data = outcome.data as Record<string, unknown>;
    for (const field of ['base_url', 'timeout', 'extra_headers', 'safety_settings', 'disable_stop_word']) assert.equal(data[field], null, field);
  });

  it('lists exactly the contract fields, in contract order', () => {
    assert.deepEqual(Object.keys(LlmSchema.properties), CONTRACT_ORDER);
    const contract = contractSchemas();
    if (contract) assert.deepEqual(Object.keys(contract.LLM!.properties!), CONTRACT_ORDER);
  });
});

describe('normalizeLlm', () => {
  it('fills every field in contract order with the documented defaults', () => {
    const llm = normalizeLlm({ model: 'gpt-4o' });
    assert.deepEqual(Object.keys(llm), CONTRACT_ORDER);
    const expected: Llm = {
      model: 'gpt-4o', api_key: null, base_url: null, api_version: null, aws_access_key_id: null,
      aws_secret_access_key: null, aws_region_name: null, openrouter_site_url: 'https://docs.all-hands.dev/',
      openrouter_app_name: 'OpenHands', num_retries: 5, retry_multiplier: 8, retry_min_wait: 8, retry_max_wait: 64,
      timeout: null, max_message_chars: 30000, temperature: 0, top_p: 1, top_k: null, custom_llm_provider: null,
      max_input_tokens: null, max_output_tokens: null, model_canonical_name: null, extra_headers: null,
      input_cost_per_token: null, output_cost_per_token: null, ollama_base_url: null, stream: false, drop_params: true,
      modify_params: true, disable_vision: null, disable_stop_word: false, caching_prompt: true, log_completions: false,
      log_completions_folder: 'logs/completions', custom_tokenizer: null, native_tool_calling: true,
      force_string_serializer: null, reasoning_effort: 'high', reasoning_summary: null, enable_encrypted_reasoning: false,
      prompt_cache_retention: '24h', extended_thinking_budget: 200000, seed: null, safety_settings: null,
      usage_id: 'default', litellm_extra_body: {},
      OVERRIDE_ON_SERIALIZE: ['api_key', 'aws_access_key_id', 'aws_secret_access_key', 'litellm_extra_body'],
    };
    assert.deepEqual(llm, expected);
  });

  it('validates against the documented LLM schema', () => {
    assert.equal(compile(LlmSchema)(normalizeLlm({ model: 'gpt-4o', api_key: 'k' })).valid, true);
  });

  it('fills a null temperature, keeps explicit values, ignores OVERRIDE_ON_SERIALIZE input', () => {
    assert.equal(normalizeLlm({ model: 'x', temperature: null }).temperature, 0);
    assert.equal(normalizeLlm({ model: 'x', temperature: 0.7 }).temperature, 0.7);
    assert.equal(normalizeLlm({ model: 'x', reasoning_effort: null }).reasoning_effort, null);
    assert.deepEqual(normalizeLlm({ model: 'x', OVERRIDE_ON_SERIALIZE: ['nope'] }).OVERRIDE_ON_SERIALIZE, [
      'api_key', 'aws_access_key_id', 'aws_secret_access_key', 'litellm_extra_body',
    ]);
  });

  it('fills a null temperature with 1.0 for kimi-k2-thinking (agent.md 11.2), a set one wins', () => {
    assert.equal(normalizeLlm({ model: 'moonshot/kimi-k2-thinking' }).temperature, 1);
    assert.equal(normalizeLlm({ model: 'litellm_proxy/Kimi-K2-Thinking-Turbo', temperature: null }).temperature, 1);
    assert.equal(normalizeLlm({ model: 'moonshot/kimi-k2-thinking', temperature: 0 }).temperature, 0);
    assert.equal(normalizeLlm({ model: 'moonshot/kimi-k2-thinking', temperature: 0.6 }).temperature, 0.6);
    assert.equal(normalizeLlm({ model: 'groq/kimi-k2-instruct' }).temperature, 0);
  });

  it('rewrites openhands/ models to the LLM proxy', () => {
    const llm = normalizeLlm({ model: 'openhands/claude-sonnet-4-5' });
    assert.equal(llm.model, 'litellm_proxy/claude-sonnet-4-5');
    assert.equal(llm.base_url, DEFAULT_LLM_PROXY_BASE_URL);
    assert.equal(normalizeLlm({ model: 'openhands/x', base_url: 'http://proxy.local' }).base_url, 'http://proxy.local');
    assert.equal(normalizeLlm({ model: 'gpt-4o' }).base_url, null);
  });

  it('treats empty, blank and masked secrets as absent', () => {
    for (const value of ['', '   ', SECRET_MASK]) {
      const llm = normalizeLlm({ model: 'x', api_key: value, aws_access_key_id: value, aws_secret_access_key: value });
      assert.equal(llm.api_key, null);
      assert.equal(llm.aws_access_key_id, null);
      assert.equal(llm.aws_secret_access_key, null);
    }
    assert.equal(normalizeLlm({ model: 'x', api_key: 'sk-real' }).api_key, 'sk-real');
  });

  it('rejects a blank model with a value error', () => {
    assert.throws(
      () => normalizeLlm({ model: '   ' }),
      (error: unknown) =>
        error instanceof ModelValidationError && error.type === 'value_error' && error.msg.includes('model must be specified in LLM'),
    );
  });
});

describe('maskLlm', () => {
  it('masks every secret and leaves nulls alone', () => {
    const llm = normalizeLlm({
      model: 'bedrock/x',
      api_key: 'sk-secret-1',
      aws_access_key_id: 'AKIA-secret-2',
      aws_secret_access_key: 'secret-3',
      extra_headers: { Authorization: 'Bearer secret-4', 'X-Trace': 'visible' },
    });
    const masked = maskLlm(llm);
    const text = JSON.stringify(masked);
    for (const secret of ['sk-secret-1', 'AKIA-secret-2', 'secret-3', 'secret-4']) assert.equal(text.includes(secret), false, secret);
    assert.equal(masked.api_key, SECRET_MASK);
    assert.equal(masked.aws_secret_access_key, SECRET_MASK);
    assert.deepEqual(masked.extra_headers, { Authorization: SECRET_MASK, 'X-Trace': 'visible' });
    assert.equal(maskLlm(normalizeLlm({ model: 'x' })).api_key, null);
    assert.equal(llm.api_key, 'sk-secret-1', 'the input is not mutated');
    assert.equal(llm.extra_headers?.Authorization, 'Bearer secret-4', 'the input headers are not mutated');
  });

  it('a masked LLM sent back yields no secrets', () => {
    const echoed = normalizeLlm(maskLlm(normalizeLlm({ model: 'x', api_key: 'sk', extra_headers: { 'X-Api-Key': 'k', A: 'b' } })));
    assert.equal(echoed.api_key, null);
    assert.deepEqual(echoed.extra_headers, { A: 'b' });
  });
});
