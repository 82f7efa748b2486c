import { Type, type Static } from '@sinclair/typebox';
import { ModelValidationError } from './errors.js';
import { AnyObject, Nullable, StringEnum, StringMap, optionalProps } from './schema-helpers.js';
import { mapLlmSecrets, maskSecret } from './secret-fields.js';
import { SECRET_MASK, isSecretHeaderName, sanitizeSecretInput } from './secrets.js';

// api.md 15.2. Fields are listed in contract order; `normalizeLlm` emits them in this order.

export const OVERRIDE_ON_SERIALIZE = ['api_key', 'aws_access_key_id', 'aws_secret_access_key', 'litellm_extra_body'] as const;

export const DEFAULT_LLM_PROXY_BASE_URL = 'https://llm-proxy.app.all-hands.dev/';

const AZURE_DEFAULT_API_VERSION = '2024-12-01-preview';

const secretString = () => Nullable(Type.String(), { writeOnly: true });

const llmProperties = {
  model: Type.String({ default: 'claude-sonnet-4-20250514' }),
  api_key: secretString(),
  base_url: Nullable(Type.String()),
  api_version: Nullable(Type.String()),
  aws_access_key_id: secretString(),
  aws_secret_access_key: secretString(),
  aws_region_name: Nullable(Type.String()),
  openrouter_site_url: Type.String({ default: 'https://docs.all-hands.dev/' }),
  openrouter_app_name: Type.String({ default: 'OpenHands' }),
  num_retries: Type.Integer({ minimum: 0, default: 5 }),
  retry_multiplier: Type.Number({ minimum: 0, default: 8.0 }),
  retry_min_wait: Type.Integer({ minimum: 0, default: 8 }),
  retry_max_wait: Type.Integer({ minimum: 0, default: 64 }),
  timeout: Nullable(Type.Integer({ minimum: 0 })),
  max_message_chars: Type.Integer({ minimum: 1, default: 30000 }),
  temperature: Nullable(Type.Number({ minimum: 0 })),
  top_p: Nullable(Type.Number({ minimum: 0, maximum: 1 }), { default: 1.0 }),
  top_k: Nullable(Type.Number({ minimum: 0 })),
  custom_llm_provider: Nullable(Type.String()),
  max_input_tokens: Nullable(Type.Integer({ minimum: 1 })),
  max_output_tokens: Nullable(Type.Integer({ minimum: 1 })),
  model_canonical_name: Nullable(Type.String()),
  extra_headers: Nullable(StringMap(Type.String())),
  input_cost_per_token: Nullable(Type.Number({ minimum: 0 })),
  output_cost_per_token: Nullable(Type.Number({ minimum: 0 })),
  ollama_base_url: Nullable(Type.String()),
  stream: Type.Boolean({ default: false }),
  drop_params: Type.Boolean({ default: true }),
  modify_params: Type.Boolean({ default: true }),
  disable_vision: Nullable(Type.Boolean()),
  disable_stop_word: Nullable(Type.Boolean(), { default: false }),
  caching_prompt: Type.Boolean({ default: true }),
  log_completions: Type.Boolean({ default: false }),
  log_completions_folder: Type.String({ default: 'logs/completions' }),
  custom_tokenizer: Nullable(Type.String()),
  native_tool_calling: Type.Boolean({ default: true }),
  force_string_serializer: Nullable(Type.Boolean()),
  reasoning_effort: Nullable(StringEnum(['low', 'medium', 'high', 'none'] as const), { default: 'high' }),
  reasoning_summary: Nullable(StringEnum(['auto', 'concise', 'detailed'] as const)),
  enable_encrypted_reasoning: Type.Boolean({ default: false }),
  prompt_cache_retention: Nullable(Type.String(), { default: '24h' }),
  extended_thinking_budget: Nullable(Type.Integer(), { default: 200000 }),
  seed: Nullable(Type.Integer()),
  safety_settings: Nullable(Type.Array(StringMap(Type.String()))),
  usage_id: Type.String({ default: 'default' }),
  litellm_extra_body: AnyObject({ default: {} }),
  // A constant the reference exposes as a field: echoed on output, accepted and ignored on input (22.13).
  OVERRIDE_ON_SERIALIZE: Type.Array(Type.String(), { default: [...OVERRIDE_ON_SERIALIZE] }),
};

const LlmFull = Type.Object(llmProperties);
/**
 * A normalized LLM: every contract field present, in contract order. `max_budget_per_task` is
 * internal (not a contract field): present only when the input set it, removed by `maskLlm`.
 */
export type Llm = Static<typeof LlmFull> & { max_budget_per_task?: number };

/** The LLM as documented in responses: every field optional, unknown fields forbidden (contract `LLM`). */
export const LlmSchema = Type.Object(optionalProps(llmProperties), { title: 'LLM', additionalProperties: false });

/**
 * The LLM accepted on input: unknown fields are rejected, and `model` is required and non-empty
 * (the reference enforces that with a validator; the contract lists it as optional with a default).
 */
export const LlmInput = Type.Object(
  {
    ...optionalProps(llmProperties),
    model: Type.String({ minLength: 1 }),
    // Extension (input only, never echoed): a spending cap in USD for this LLM. The run stops with
    // `MaxBudgetReached` once it is reached; the value shows as `Metrics.max_budget_per_task`.
    max_budget_per_task: Type.Optional(Nullable(Type.Number({ minimum: 0 }))),
  },
  { title: 'LLM', additionalProperties: false },
);
export type LlmInput = Static<typeof LlmInput>;

/**
 * The temperature a null one is filled with (agent.md 11.2, api.md 15.2): 1.0 for Kimi K2 thinking,
 * which is meant to run at 1.0, else 0.0. A case-insensitive substring match, as in the reference.
 * The filled value is stored and echoed, so it is also what every request sends.
 */
function defaultTemperature(model: string): number {
  return model.toLowerCase().includes('kimi-k2-thinking') ? 1.0 : 0.0;
}

function requireModel(model: unknown): string {
  if (typeof model !== 'string' || model.trim() === '') {
    throw new ModelValidationError({ type: 'value_error', msg: 'Value error, model must be specified in LLM', input: model });
  }
  return model;
}

/** Drops secret-named headers whose value is empty or the mask (a masked echo carries no value). */
function sanitizeExtraHeaders(headers: Record<string, string> | null | undefined): Record<string, string> | null {
  if (!headers) return null;
  const sanitized: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (isSecretHeaderName(name) && sanitizeSecretInput(value) === null) continue;
    sanitized[name] = value;
  }
  return sanitized;
}

/**
 * Fills every default and applies the reference's input rewrites: `openhands/<x>` becomes
 * `litellm_proxy/<x>` with the proxy base URL, a null temperature gets the model's default, azure
 * models get an API version, secrets that are empty/blank/masked become null. Throws
 * `ModelValidationError` for a blank model.
 */
export function normalizeLlm(input: LlmInput): Llm {
  let model = requireModel(input.model);
  let baseUrl = input.base_url ?? null;
  if (model.startsWith('openhands/')) {
    model = `litellm_proxy/${model.slice('openhands/'.length)}`;
    baseUrl ??= DEFAULT_LLM_PROXY_BASE_URL;
  }
  let topP = input.top_p === undefined ? 1.0 : input.top_p;
  if (model.startsWith('huggingface') && topP === 1.0) topP = 0.9;
  let apiVersion = input.api_version ?? null;
  if (model.startsWith('azure') && apiVersion === null) apiVersion = AZURE_DEFAULT_API_VERSION;

  const llm: Llm = {
    model,
    api_key: sanitizeSecretInput(input.api_key),
    base_url: baseUrl,
    api_version: apiVersion,
    aws_access_key_id: sanitizeSecretInput(input.aws_access_key_id),
    aws_secret_access_key: sanitizeSecretInput(input.aws_secret_access_key),
    aws_region_name: input.aws_region_name ?? null,
    openrouter_site_url: input.openrouter_site_url ?? 'https://docs.all-hands.dev/',
    openrouter_app_name: input.openrouter_app_name ?? 'OpenHands',
    num_retries: input.num_retries ?? 5,
    retry_multiplier: input.retry_multiplier ?? 8.0,
    retry_min_wait: input.retry_min_wait ?? 8,
    retry_max_wait: input.retry_max_wait ?? 64,
    timeout: input.timeout ?? null,
    max_message_chars: input.max_message_chars ?? 30000,
    temperature: input.temperature ?? defaultTemperature(model),
    top_p: topP,
    top_k: input.top_k ?? null,
    custom_llm_provider: input.custom_llm_provider ?? null,
    max_input_tokens: input.max_input_tokens ?? null,
    max_output_tokens: input.max_output_tokens ?? null,
    model_canonical_name: input.model_canonical_name ?? null,
    extra_headers: sanitizeExtraHeaders(input.extra_headers),
    input_cost_per_token: input.input_cost_per_token ?? null,
    output_cost_per_token: input.output_cost_per_token ?? null,
    ollama_base_url: input.ollama_base_url ?? null,
    stream: input.stream ?? false,
    drop_params: input.drop_params ?? true,
    modify_params: input.modify_params ?? true,
    disable_vision: input.disable_vision ?? null,
    disable_stop_word: input.disable_stop_word === undefined ? false : input.disable_stop_word,
    caching_prompt: input.caching_prompt ?? true,
    log_completions: input.log_completions ?? false,
    log_completions_folder: input.log_completions_folder ?? 'logs/completions',
    custom_tokenizer: input.custom_tokenizer ?? null,
    native_tool_calling: input.native_tool_calling ?? true,
    force_string_serializer: input.force_string_serializer ?? null,
    reasoning_effort: input.reasoning_effort === undefined ? 'high' : input.reasoning_effort,
    reasoning_summary: input.reasoning_summary ?? null,
    enable_encrypted_reasoning: input.enable_encrypted_reasoning ?? false,
    prompt_cache_retention: input.prompt_cache_retention === undefined ? '24h' : input.prompt_cache_retention,
    extended_thinking_budget: input.extended_thinking_budget === undefined ? 200000 : input.extended_thinking_budget,
    seed: input.seed ?? null,
    safety_settings: input.safety_settings ? input.safety_settings.map((setting) => ({ ...setting })) : null,
    usage_id: input.usage_id ?? 'default',
    litellm_extra_body: { ...(input.litellm_extra_body ?? {}) },
    OVERRIDE_ON_SERIALIZE: [...OVERRIDE_ON_SERIALIZE],
  };
  if (typeof input.max_budget_per_task === 'number') llm.max_budget_per_task = input.max_budget_per_task;
  return llm;
}

/**
 * The LLM as it may leave the server (16.2): secret fields become the mask when set. Secret-named
 * `extra_headers` are masked too (an extension: the reference echoes them in clear).
 */
export function maskLlm(llm: Llm): Llm {
  // Which fields are secret is decided once, in secret-fields.ts (shared with sealing at rest).
  const { max_budget_per_task: _internal, ...wire } = mapLlmSecrets(llm, maskSecret);
  return wire as Llm;
}
