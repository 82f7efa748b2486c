import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LlmProviderNotSupportedError } from './errors.js';
import { routeModel, type ModelRouteInput } from './model-router.js';

function pick(input: ModelRouteInput) {
  const { api, provider, modelId, baseUrl } = routeModel(input);
  return { api, provider, modelId, baseUrl };
}

describe('routeModel', () => {
  const cases: Array<[string, ModelRouteInput, ReturnType<typeof pick>]> = [
    ['anthropic prefix', { model: 'anthropic/claude-sonnet-4-5-20250929' },
      { api: 'anthropic-messages', provider: 'anthropic', modelId: 'claude-sonnet-4-5-20250929', baseUrl: 'https://api.anthropic.com/v1' }],
    ['anthropic at a base_url without /v1', { model: 'anthropic/claude-x', base_url: 'http://127.0.0.1:9000/' },
      { api: 'anthropic-messages', provider: 'anthropic', modelId: 'claude-x', baseUrl: 'http://127.0.0.1:9000/v1' }],
    ['anthropic at a base_url ending in /v1/messages', { model: 'anthropic/claude-x', base_url: 'http://h/v1/messages' },
      { api: 'anthropic-messages', provider: 'anthropic', modelId: 'claude-x', baseUrl: 'http://h/v1' }],
    ['bare claude name', { model: 'claude-sonnet-4-20250514' },
      { api: 'anthropic-messages', provider: 'anthropic', modelId: 'claude-sonnet-4-20250514', baseUrl: 'https://api.anthropic.com/v1' }],
    ['openai chat model', { model: 'openai/gpt-4o' },
      { api: 'openai-chat', provider: 'openai', modelId: 'gpt-4o', baseUrl: 'https://api.openai.com/v1' }],
    ['openai gpt-5 uses Responses', { model: 'openai/gpt-5-mini' },
      { api: 'openai-responses', provider: 'openai', modelId: 'gpt-5-mini', baseUrl: 'https://api.openai.com/v1' }],
    ['codex-mini-latest uses Responses', { model: 'codex-mini-latest' },
      { api: 'openai-responses', provider: 'openai', modelId: 'codex-mini-latest', baseUrl: 'https://api.openai.com/v1' }],
    ['bare gpt name', { model: 'gpt-4.1' },
      { api: 'openai-chat', provider: 'openai', modelId: 'gpt-4.1', baseUrl: 'https://api.openai.com/v1' }],
    ['bare o3 / o4-mini names', { model: 'o4-mini' },
      { api: 'openai-chat', provider: 'openai', modelId: 'o4-mini', baseUrl: 'https://api.openai.com/v1' }],
    ['openai with base_url is OpenAI-compatible', { model: 'openai/gpt-5', base_url: 'http://127.0.0.1:1234/v1/' },
      { api: 'openai-compatible-chat', provider: 'openai', modelId: 'gpt-5', baseUrl: 'http://127.0.0.1:1234/v1' }],
    ['custom_llm_provider openai keeps the native adapter at a base_url', { model: 'openai/gpt-5', base_url: 'http://x/v1', custom_llm_provider: 'openai' },
      { api: 'openai-responses', provider: 'openai', modelId: 'gpt-5', baseUrl: 'http://x/v1' }],
    ['litellm_proxy sends the rest as the model', { model: 'litellm_proxy/anthropic/claude-sonnet-4-5-20250929', base_url: 'https://proxy.example/' },
      { api: 'openai-compatible-chat', provider: 'litellm_proxy', modelId: 'anthropic/claude-sonnet-4-5-20250929', baseUrl: 'https://proxy.example' }],
    ['custom_llm_provider overrides the prefix', { model: 'anthropic/claude-x', custom_llm_provider: 'litellm_proxy', base_url: 'http://p' },
      { api: 'openai-compatible-chat', provider: 'litellm_proxy', modelId: 'anthropic/claude-x', baseUrl: 'http://p' }],
    ['openrouter default base', { model: 'openrouter/anthropic/claude-sonnet-4.5' },
      { api: 'openai-compatible-chat', provider: 'openrouter', modelId: 'anthropic/claude-sonnet-4.5', baseUrl: 'https://openrouter.ai/api/v1' }],
    ['ollama default base gets /v1', { model: 'ollama/qwen3:8b' },
      { api: 'openai-compatible-chat', provider: 'ollama', modelId: 'qwen3:8b', baseUrl: 'http://localhost:11434/v1' }],
    ['ollama_base_url is used for ollama', { model: 'ollama_chat/llama3', ollama_base_url: 'http://gpu:11434/' },
      { api: 'openai-compatible-chat', provider: 'ollama_chat', modelId: 'llama3', baseUrl: 'http://gpu:11434/v1' }],
    ['gemini with base_url', { model: 'gemini/gemini-2.5-pro', base_url: 'https://generativelanguage.googleapis.com/v1beta/openai' },
      { api: 'openai-compatible-chat', provider: 'gemini', modelId: 'gemini-2.5-pro', baseUrl: 'https://generativelanguage.googleapis.com/v1beta/openai' }],
    ['gemini without base_url uses Google\'s OpenAI-compatible endpoint', { model: 'gemini/gemini-2.5-flash' },
      { api: 'openai-compatible-chat', provider: 'gemini', modelId: 'gemini-2.5-flash', baseUrl: 'https://generativelanguage.googleapis.com/v1beta/openai' }],
    ['bare gemini name', { model: 'gemini-2.5-pro' },
      { api: 'openai-compatible-chat', provider: 'gemini', modelId: 'gemini-2.5-pro', baseUrl: 'https://generativelanguage.googleapis.com/v1beta/openai' }],
    ['deepseek without base_url', { model: 'deepseek/deepseek-chat' },
      { api: 'openai-compatible-chat', provider: 'deepseek', modelId: 'deepseek-chat', baseUrl: 'https://api.deepseek.com/v1' }],
    ['groq without base_url', { model: 'groq/llama-3.3-70b-versatile' },
      { api: 'openai-compatible-chat', provider: 'groq', modelId: 'llama-3.3-70b-versatile', baseUrl: 'https://api.groq.com/openai/v1' }],
    ['known litellm provider with base_url', { model: 'deepseek/deepseek-chat', base_url: 'https://api.deepseek.com/v1' },
      { api: 'openai-compatible-chat', provider: 'deepseek', modelId: 'deepseek-chat', baseUrl: 'https://api.deepseek.com/v1' }],
    ['unknown prefix is part of the name', { model: 'Qwen/Qwen2.5-Coder-32B', base_url: 'http://vllm:8000/v1' },
      { api: 'openai-compatible-chat', provider: 'openai_compatible', modelId: 'Qwen/Qwen2.5-Coder-32B', baseUrl: 'http://vllm:8000/v1' }],
    ['unknown bare name with base_url', { model: 'my-local-model', base_url: 'http://localhost:8080/v1' },
      { api: 'openai-compatible-chat', provider: 'openai_compatible', modelId: 'my-local-model', baseUrl: 'http://localhost:8080/v1' }],
  ];
  for (const [title, input, expected] of cases) {
    it(title, () => assert.deepEqual(pick(input), expected));
  }

  it('adds OpenRouter attribution headers', () => {
    const route = routeModel({ model: 'openrouter/x/y', openrouter_site_url: 'https://site', openrouter_app_name: 'App' });
    assert.deepEqual(route.headers, { 'HTTP-Referer': 'https://site', 'X-Title': 'App' });
  });

  describe('bedrock', () => {
    const bedrock: Array<[string, ModelRouteInput, { modelId: string; baseUrl: string; awsRegion: string }]> = [
      ['region from aws_region_name', { model: 'bedrock/anthropic.claude-3-5-sonnet-20241022-v2:0', aws_region_name: 'eu-west-1' },
        { modelId: 'anthropic.claude-3-5-sonnet-20241022-v2:0', baseUrl: 'https://bedrock-runtime.eu-west-1.amazonaws.com', awsRegion: 'eu-west-1' }],
      ['China regions use their own DNS suffix', { model: 'bedrock/anthropic.claude-3-haiku-20240307-v1:0', aws_region_name: 'cn-north-1' },
        { modelId: 'anthropic.claude-3-haiku-20240307-v1:0', baseUrl: 'https://bedrock-runtime.cn-north-1.amazonaws.com.cn', awsRegion: 'cn-north-1' }],
      ['litellm\'s converse/ and invoke/ route words are dropped', { model: 'bedrock/converse/us.anthropic.claude-sonnet-4-20250514-v1:0', aws_region_name: 'us-east-1' },
        { modelId: 'us.anthropic.claude-sonnet-4-20250514-v1:0', baseUrl: 'https://bedrock-runtime.us-east-1.amazonaws.com', awsRegion: 'us-east-1' }],
      ['base_url replaces the endpoint and keeps the configured region', { model: 'bedrock/invoke/m', base_url: 'https://proxy.internal/bedrock/', aws_region_name: 'ap-south-1' },
        { modelId: 'm', baseUrl: 'https://proxy.internal/bedrock', awsRegion: 'ap-south-1' }],
      ['a VPC endpoint names its region', { model: 'bedrock/m', base_url: 'https://vpce-0abc-xyz.bedrock-runtime.us-gov-west-1.vpce.amazonaws.com' },
        { modelId: 'm', baseUrl: 'https://vpce-0abc-xyz.bedrock-runtime.us-gov-west-1.vpce.amazonaws.com', awsRegion: 'us-gov-west-1' }],
      ['another base_url without a region signs for us-east-1', { model: 'bedrock/m', base_url: 'http://127.0.0.1:4010' },
        { modelId: 'm', baseUrl: 'http://127.0.0.1:4010', awsRegion: 'us-east-1' }],
      ['custom_llm_provider bedrock with a bare model id', { model: 'anthropic.claude-3-5-haiku-20241022-v1:0', custom_llm_provider: 'bedrock', aws_region_name: 'us-west-2' },
        { modelId: 'anthropic.claude-3-5-haiku-20241022-v1:0', baseUrl: 'https://bedrock-runtime.us-west-2.amazonaws.com', awsRegion: 'us-west-2' }],
    ];
    for (const [title, input, expected] of bedrock) {
      it(title, () => {
        const { api, provider, modelId, baseUrl, awsRegion } = routeModel(input);
        assert.deepEqual({ api, provider, modelId, baseUrl, awsRegion }, { api: 'bedrock-converse', provider: 'bedrock', ...expected });
      });
    }

    it('without aws_region_name or base_url, names both settings', () => {
      assert.throws(() => routeModel({ model: 'bedrock/anthropic.claude-3', aws_region_name: '  ' }), (error: unknown) => {
        assert.ok(error instanceof LlmProviderNotSupportedError);
        assert.match(error.message, /needs a region: set aws_region_name .* or base_url/);
        return true;
      });
    });
  });

  it('routes azure to the deployment with api-version and the api-key header', () => {
    const route = routeModel({ model: 'azure/my-gpt4o', base_url: 'https://res.openai.azure.com/', api_version: null });
    assert.equal(route.baseUrl, 'https://res.openai.azure.com/openai/deployments/my-gpt4o');
    assert.deepEqual(route.queryParams, { 'api-version': '2024-12-01-preview' });
    assert.equal(route.apiKeyHeader, 'api-key');
  });

  for (const model of ['litellm_proxy/claude', 'vertex_ai/gemini-2.5-pro', 'Qwen/Qwen2.5', 'mystery-model', 'azure/gpt']) {
    it(`rejects ${model} without base_url with a clear error`, () => {
      assert.throws(() => routeModel({ model }), (error: unknown) => {
        assert.ok(error instanceof LlmProviderNotSupportedError);
        assert.match(error.message, /base_url/);
        assert.equal(error.isRetryable, false);
        return true;
      });
    });
  }
});
