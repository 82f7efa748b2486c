import { bedrockEndpoint, bedrockModelId } from './bedrock-endpoint.js';
import { LlmProviderNotSupportedError } from './errors.js';

// litellm-style model strings (agent.md 11.1, design.md 5): `provider/model`. The first segment
// picks the wire protocol; without one the provider is inferred from well-known names.

/** The wire protocol a route speaks. */
export type LlmApi = 'anthropic-messages' | 'bedrock-converse' | 'openai-chat' | 'openai-responses' | 'openai-compatible-chat';

export interface ModelRoute {
  api: LlmApi;
  /** litellm provider name: `anthropic`, `openai`, `litellm_proxy`, `openrouter`, `ollama`, `azure`, `gemini`, … */
  provider: string;
  /** The model id sent on the wire. */
  modelId: string;
  /** What the adapter appends `/messages`, `/chat/completions` or `/responses` to. */
  baseUrl: string;
  /** Headers the provider needs besides the key (e.g. OpenRouter attribution). */
  headers: Record<string, string>;
  /** Query parameters on every request (Azure `api-version`). */
  queryParams: Record<string, string>;
  /** How the key travels on OpenAI-compatible routes: `Authorization: Bearer` or Azure's `api-key`. */
  apiKeyHeader: 'authorization' | 'api-key';
  /** Bedrock only: the region requests are signed for. */
  awsRegion?: string;
}

export interface ModelRouteInput {
  model: string;
  base_url?: string | null;
  custom_llm_provider?: string | null;
  api_version?: string | null;
  aws_region_name?: string | null;
  ollama_base_url?: string | null;
  openrouter_site_url?: string | null;
  openrouter_app_name?: string | null;
}

const ANTHROPIC_DEFAULT_BASE = 'https://api.anthropic.com/v1';
const OPENAI_DEFAULT_BASE = 'https://api.openai.com/v1';
const OPENROUTER_DEFAULT_BASE = 'https://openrouter.ai/api/v1';
const OLLAMA_DEFAULT_BASE = 'http://localhost:11434';
const AZURE_DEFAULT_API_VERSION = '2024-12-01-preview';

/**
 * Hosted providers that document an OpenAI-compatible Chat Completions endpoint, and that endpoint:
 * `gemini/…` and friends work with just an `api_key`, as in litellm. A `base_url` still wins.
 */
const OPENAI_COMPATIBLE_DEFAULT_BASES: Readonly<Record<string, string>> = {
  gemini: 'https://generativelanguage.googleapis.com/v1beta/openai',
  deepseek: 'https://api.deepseek.com/v1',
  groq: 'https://api.groq.com/openai/v1',
  mistral: 'https://api.mistral.ai/v1',
  xai: 'https://api.x.ai/v1',
  together_ai: 'https://api.together.xyz/v1',
  fireworks_ai: 'https://api.fireworks.ai/inference/v1',
  cerebras: 'https://api.cerebras.ai/v1',
  deepinfra: 'https://api.deepinfra.com/v1/openai',
};

/** litellm provider prefixes; a first segment not listed here is part of the model name (`Qwen/Qwen2.5-Coder`). */
const KNOWN_PROVIDERS = new Set([
  'anthropic', 'openai', 'litellm_proxy', 'openrouter', 'ollama', 'ollama_chat', 'azure', 'azure_ai',
  'huggingface', 'gemini', 'vertex_ai', 'bedrock', 'deepseek', 'groq', 'mistral', 'hosted_vllm', 'vllm',
  'together_ai', 'fireworks_ai', 'xai', 'cohere', 'perplexity', 'deepinfra', 'cerebras', 'sambanova',
  'nvidia_nim', 'lm_studio', 'text-completion-openai', 'custom_openai', 'openai_like',
]);

/** agent.md 11.8: these models use the Responses API when talking to OpenAI itself. */
export function usesResponsesApi(modelName: string): boolean {
  const name = modelName.toLowerCase();
  return /(^|[^a-z0-9])gpt-5/.test(name) || name.includes('codex-mini-latest');
}

/** litellm's inference for names without a prefix (design.md 2.5). */
export function inferProvider(modelName: string): string | null {
  const name = modelName.toLowerCase();
  if (name.startsWith('claude')) return 'anthropic';
  if (/^(gpt-|chatgpt-|o\d|codex-)/.test(name)) return 'openai';
  if (name.startsWith('gemini')) return 'gemini';
  return null;
}

function trimSlashes(url: string): string {
  return url.trim().replace(/\/+$/, '');
}

/** litellm accepts `https://api.anthropic.com`, `…/v1` or `…/v1/messages`; the SDK wants `…/v1`. */
function anthropicBaseUrl(baseUrl: string | null): string {
  if (!baseUrl) return ANTHROPIC_DEFAULT_BASE;
  const trimmed = trimSlashes(baseUrl).replace(/\/messages$/, '');
  return trimmed.endsWith('/v1') ? trimmed : `${trimmed}/v1`;
}

function ollamaBaseUrl(baseUrl: string | null): string {
  const trimmed = trimSlashes(baseUrl ?? OLLAMA_DEFAULT_BASE);
  return trimmed.endsWith('/v1') ? trimmed : `${trimmed}/v1`;
}

function splitModel(input: ModelRouteInput): { provider: string | null; name: string } {
  const custom = input.custom_llm_provider?.trim() || null;
  const slash = input.model.indexOf('/');
  const prefix = slash > 0 ? input.model.slice(0, slash) : null;
  if (custom) {
    // With an explicit provider the prefix is dropped only when it repeats that provider, so
    // `custom_llm_provider: litellm_proxy` + `anthropic/claude-x` sends `anthropic/claude-x`.
    const name = prefix === custom ? input.model.slice(slash + 1) : input.model;
    return { provider: custom, name };
  }
  if (prefix !== null && KNOWN_PROVIDERS.has(prefix)) return { provider: prefix, name: input.model.slice(slash + 1) };
  if (prefix !== null) return { provider: null, name: input.model };
  return { provider: inferProvider(input.model), name: input.model };
}

function route(api: LlmApi, provider: string, modelId: string, baseUrl: string, extra: Partial<ModelRoute> = {}): ModelRoute {
  return { api, provider, modelId, baseUrl, headers: {}, queryParams: {}, apiKeyHeader: 'authorization', ...extra };
}

function needsBaseUrl(model: string, provider: string | null): LlmProviderNotSupportedError {
  const who = provider ? `provider '${provider}'` : 'an unknown provider';
  return new LlmProviderNotSupportedError(
    `Model '${model}' uses ${who}, which this server can only reach through an OpenAI-compatible endpoint: ` +
      `set base_url to that endpoint, or use a provider it reaches without one: ${PROVIDERS_WITHOUT_BASE_URL.join(', ')}.`,
  );
}

const PROVIDERS_WITHOUT_BASE_URL = ['anthropic', 'openai', 'openrouter', 'ollama', 'bedrock', ...Object.keys(OPENAI_COMPATIBLE_DEFAULT_BASES)].map((name) => `'${name}/'`);

/**
 * Picks the adapter for an LLM configuration. Rules (design.md 5):
 * `anthropic/…` → Anthropic Messages; `bedrock/…` → the Bedrock Converse API (region from
 * `aws_region_name`, endpoint from `base_url` when set); `openai/…` → OpenAI (Responses API for the gpt-5 family and
 * `codex-mini-latest`, else Chat Completions). With a `base_url`, `openai/…`, `litellm_proxy/…`,
 * `ollama/…`, `openrouter/…` and any other prefix speak Chat Completions to that URL; without one,
 * hosted providers with a documented OpenAI-compatible endpoint (`gemini`, `deepseek`, `groq`, …) use it;
 * `custom_llm_provider: "openai"` keeps the native OpenAI adapter at that URL instead.
 * Throws `LlmProviderNotSupportedError` when the provider cannot be reached.
 */
export function routeModel(input: ModelRouteInput): ModelRoute {
  const { provider, name } = splitModel(input);
  const baseUrl = input.base_url?.trim() ? trimSlashes(input.base_url) : null;
  const isExplicitOpenAi = input.custom_llm_provider?.trim() === 'openai';

  switch (provider) {
    case 'anthropic':
      return route('anthropic-messages', 'anthropic', name, anthropicBaseUrl(baseUrl));
    case 'bedrock': {
      const endpoint = bedrockEndpoint({ model: input.model, baseUrl, region: input.aws_region_name });
      return route('bedrock-converse', 'bedrock', bedrockModelId(name), endpoint.baseUrl, { awsRegion: endpoint.region });
    }
    case 'openai':
      if (baseUrl === null || isExplicitOpenAi) {
        const api = usesResponsesApi(name) ? 'openai-responses' : 'openai-chat';
        return route(api, 'openai', name, baseUrl ?? OPENAI_DEFAULT_BASE);
      }
      return route('openai-compatible-chat', 'openai', name, baseUrl);
    case 'openrouter':
      return route('openai-compatible-chat', 'openrouter', name, baseUrl ?? OPENROUTER_DEFAULT_BASE, {
        headers: {
          ...(input.openrouter_site_url ? { 'HTTP-Referer': input.openrouter_site_url } : {}),
          ...(input.openrouter_app_name ? { 'X-Title': input.openrouter_app_name } : {}),
        },
      });
    case 'ollama':
    case 'ollama_chat':
      return route('openai-compatible-chat', provider, name, ollamaBaseUrl(baseUrl ?? input.ollama_base_url ?? null));
    case 'azure':
      if (baseUrl === null) throw needsBaseUrl(input.model, provider);
      // Azure OpenAI: deployment in the path, `api-version` query, key in the `api-key` header.
      return route('openai-compatible-chat', 'azure', name, `${baseUrl}/openai/deployments/${encodeURIComponent(name)}`, {
        queryParams: { 'api-version': input.api_version?.trim() || AZURE_DEFAULT_API_VERSION },
        apiKeyHeader: 'api-key',
      });
    default: {
      const base = baseUrl ?? (provider ? OPENAI_COMPATIBLE_DEFAULT_BASES[provider] : undefined);
      if (base === undefined) throw needsBaseUrl(input.model, provider);
      return route('openai-compatible-chat', provider ?? 'openai_compatible', name, base);
    }
  }
}
