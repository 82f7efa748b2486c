import { resolveMaxOutputTokens, matchesModelPattern, type ModelCapabilities } from './capabilities.js';
import type { ModelRoute } from './model-router.js';
import type { SdkCallOptions, SdkProviderOptions } from './sdk-types.js';

// Request parameters per protocol (agent.md 11.3, 11.8, 11.12): defaults apply only when a value
// is set; reasoning-effort and extended-thinking models lose temperature and top_p; the Responses
// API always runs at temperature 1.0 without top_p; parameters a protocol does not support are
// listed in `droppedParameters` (left out when `drop_params`, an error otherwise).

/** The `providerOptions` key (and provider name) of our OpenAI-compatible provider; its unknown keys go into the body. */
export const COMPATIBLE_PROVIDER_NAME = 'compatible';

export const INTERLEAVED_THINKING_BETA = 'interleaved-thinking-2025-05-14';
/** Anthropic's `effort` parameter (Claude Opus 4.5) is a beta feature. */
export const EFFORT_BETA = 'effort-2025-11-24';

/** The LLM fields that shape a request. */
export interface CallSettings {
  model: string;
  temperature?: number | null;
  top_p?: number | null;
  top_k?: number | null;
  seed?: number | null;
  max_output_tokens?: number | null;
  reasoning_effort?: string | null;
  reasoning_summary?: string | null;
  extended_thinking_budget?: number | null;
  prompt_cache_retention?: string | null;
  disable_stop_word?: boolean | null;
  safety_settings?: Array<Record<string, string>> | null;
  extra_headers?: Record<string, string> | null;
  /** Bedrock: merged into the request body by the provider, before it is signed. */
  litellm_extra_body?: Record<string, unknown> | null;
}

export interface CallOptionsInput {
  settings: CallSettings;
  route: ModelRoute;
  capabilities: ModelCapabilities;
  /** Prompt-based tool calling: add the `</function` stop word (11.9 step 4). */
  isTextToolCalling: boolean;
}

export type RequestParameters = Omit<SdkCallOptions, 'prompt' | 'tools' | 'abortSignal'>;

export interface BuiltCallOptions {
  parameters: RequestParameters;
  droppedParameters: string[];
}

const STOP_WORD = '</function';
const ANTHROPIC_EFFORTS = new Set(['low', 'medium', 'high']);
const OPENAI_CACHE_RETENTIONS = new Set(['in_memory', '24h']);
/**
 * Reasoning models @ai-sdk/openai does not recognise by name; unless told, it would drop their
 * `reasoning` options and send the sampling parameters they reject.
 */
const SDK_UNKNOWN_REASONING_MODELS = ['codex-mini-latest'];

interface Sampling {
  temperature?: number;
  topP?: number;
  topK?: number;
  seed?: number;
  maxOutputTokens?: number;
  stopSequences?: string[];
  reasoningEffort?: string;
  thinkingBudget?: number;
}

function sampling({ settings, capabilities, isTextToolCalling }: CallOptionsInput): Sampling {
  const result: Sampling = {
    temperature: settings.temperature ?? undefined,
    topP: settings.top_p ?? undefined,
    topK: settings.top_k ?? undefined,
    seed: settings.seed ?? undefined,
    maxOutputTokens: resolveMaxOutputTokens(settings) ?? undefined,
  };
  if (isTextToolCalling && capabilities.supportsStopWords && settings.disable_stop_word !== true) result.stopSequences = [STOP_WORD];
  if (capabilities.supportsReasoningEffort) {
    let effort = settings.reasoning_effort ?? undefined;
    if (matchesModelPattern(settings.model, ['gemini-2.5-pro']) && (effort === undefined || effort === 'none')) effort = 'low';
    result.reasoningEffort = effort;
    result.temperature = undefined;
    result.topP = undefined;
  }
  const budget = settings.extended_thinking_budget;
  if (capabilities.supportsExtendedThinking && budget != null && budget > 0) {
    result.thinkingBudget = budget;
    result.temperature = undefined;
    result.topP = undefined;
  }
  return result;
}

/** Anthropic betas the request needs (11.3); an `anthropic-beta` in `extra_headers` wins. */
function betaHeaders(input: CallOptionsInput, values: Sampling): Record<string, string> {
  // Bedrock takes betas in the body (`anthropic_beta`, see bedrockOptions), not as a header.
  if (input.route.api === 'bedrock-converse') return {};
  const betas: string[] = [];
  if (values.thinkingBudget !== undefined) betas.push(INTERLEAVED_THINKING_BETA);
  if (input.route.api === 'anthropic-messages' && usesAnthropicEffort(values)) betas.push(EFFORT_BETA);
  const userSetsBeta = Object.keys(input.settings.extra_headers ?? {}).some((name) => name.toLowerCase() === 'anthropic-beta');
  return betas.length === 0 || userSetsBeta ? {} : { 'anthropic-beta': betas.join(',') };
}

function usesAnthropicEffort(values: Sampling): boolean {
  return values.reasoningEffort !== undefined && ANTHROPIC_EFFORTS.has(values.reasoningEffort);
}

/**
 * The `maxOutputTokens` to give @ai-sdk/anthropic. With thinking enabled it sends
 * `max_tokens = maxOutputTokens + budget`, but 11.3 wants `max_tokens = max_output_tokens` (the
 * budget is part of it), so the budget is taken off first. Interleaved thinking lets the budget
 * exceed `max_tokens`, so the difference may be zero or negative: the SDK only adds the budget back.
 */
function anthropicMaxOutputTokens(values: Sampling): number | undefined {
  if (values.maxOutputTokens === undefined || values.thinkingBudget === undefined) return values.maxOutputTokens;
  return values.maxOutputTokens - values.thinkingBudget;
}

function anthropicOptions(values: Sampling, dropped: string[]): Partial<RequestParameters> {
  if (values.seed !== undefined) dropped.push('seed');
  const anthropic: Record<string, unknown> = {};
  if (values.thinkingBudget !== undefined) anthropic.thinking = { type: 'enabled', budgetTokens: values.thinkingBudget };
  if (usesAnthropicEffort(values)) anthropic.effort = values.reasoningEffort;
  return {
    temperature: values.temperature,
    topP: values.topP,
    topK: values.topK,
    maxOutputTokens: anthropicMaxOutputTokens(values),
    stopSequences: values.stopSequences,
    providerOptions: { anthropic } as SdkProviderOptions,
  };
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Bedrock Converse: the Converse `inferenceConfig` has no top_k and no betas, so for Claude they
 * travel in `additionalModelRequestFields` (Anthropic's own spelling), as litellm sends them.
 * Thinking and effort go through the provider's `reasoningConfig`, which maps them for the model
 * family. `litellm_extra_body` is handed to the provider, which spreads unknown keys into the
 * body it signs: a fetch wrapper editing the body afterwards would break the signature.
 */
function bedrockOptions(input: CallOptionsInput, values: Sampling, dropped: string[]): Partial<RequestParameters> {
  if (values.seed !== undefined) dropped.push('seed');
  // The provider's own test for "Claude on Bedrock" (model ids and inference profiles name the vendor).
  const isClaude = input.route.modelId.includes('anthropic');
  const fields: Record<string, unknown> = {};
  if (values.topK !== undefined) {
    if (isClaude) fields.top_k = values.topK;
    else dropped.push('top_k');
  }
  const reasoningConfig: Record<string, unknown> = {};
  const betas: string[] = [];
  if (values.thinkingBudget !== undefined) {
    Object.assign(reasoningConfig, { type: 'enabled', budgetTokens: values.thinkingBudget });
    betas.push(INTERLEAVED_THINKING_BETA);
  }
  if (usesAnthropicEffort(values)) {
    reasoningConfig.maxReasoningEffort = values.reasoningEffort;
    betas.push(EFFORT_BETA);
  }
  if (isClaude && betas.length > 0) fields.anthropic_beta = betas;
  const { additionalModelRequestFields: extraFields, ...extraBody } = input.settings.litellm_extra_body ?? {};
  const additionalModelRequestFields = { ...fields, ...(isObject(extraFields) ? extraFields : {}) };
  const bedrock: Record<string, unknown> = {
    ...extraBody,
    ...(Object.keys(reasoningConfig).length > 0 ? { reasoningConfig } : {}),
    ...(Object.keys(additionalModelRequestFields).length > 0 ? { additionalModelRequestFields } : {}),
  };
  return {
    temperature: values.temperature,
    topP: values.topP,
    // With thinking the provider adds the budget to maxTokens, as @ai-sdk/anthropic does.
    maxOutputTokens: anthropicMaxOutputTokens(values),
    stopSequences: values.stopSequences,
    providerOptions: { bedrock } as SdkProviderOptions,
  };
}

function openAiOptions(input: CallOptionsInput, values: Sampling, dropped: string[]): Partial<RequestParameters> {
  const { settings, route, capabilities } = input;
  const isResponses = route.api === 'openai-responses';
  if (values.topK !== undefined) dropped.push('top_k');
  if (isResponses && values.seed !== undefined) dropped.push('seed');
  const openai: Record<string, unknown> = {};
  if (values.reasoningEffort !== undefined) openai.reasoningEffort = values.reasoningEffort;
  const retention = settings.prompt_cache_retention;
  if (capabilities.supportsPromptCacheRetention && retention && OPENAI_CACHE_RETENTIONS.has(retention)) openai.promptCacheRetention = retention;
  if (isResponses) {
    // 11.8: nothing stored server-side, so reasoning is replayed from its encrypted content.
    openai.store = false;
    openai.include = ['reasoning.encrypted_content'];
    if (settings.reasoning_summary) openai.reasoningSummary = settings.reasoning_summary;
    if (capabilities.supportsReasoningEffort && matchesModelPattern(route.modelId, SDK_UNKNOWN_REASONING_MODELS)) openai.forceReasoning = true;
  }
  return {
    // 11.8: the Responses path always runs at temperature 1.0 without top_p; the SDK leaves the
    // 1.0 out for reasoning models, which take no other value.
    temperature: isResponses ? 1 : values.temperature,
    topP: isResponses ? undefined : values.topP,
    seed: isResponses ? undefined : values.seed,
    maxOutputTokens: values.maxOutputTokens,
    stopSequences: isResponses ? undefined : values.stopSequences,
    providerOptions: { openai } as SdkProviderOptions,
  };
}

function compatibleOptions(input: CallOptionsInput, values: Sampling): Partial<RequestParameters> {
  const { settings, route, capabilities } = input;
  const body: Record<string, unknown> = {};
  // OpenAI and LiteLLM proxies take `max_completion_tokens` (11.12); Azure, Ollama and the rest `max_tokens`.
  const usesCompletionTokens = route.provider === 'openai' || route.provider === 'litellm_proxy';
  if (values.maxOutputTokens !== undefined && usesCompletionTokens) body.max_completion_tokens = values.maxOutputTokens;
  if (values.topK !== undefined) body.top_k = values.topK;
  if (values.reasoningEffort !== undefined) body.reasoningEffort = values.reasoningEffort;
  // Anthropic extensions are sent in the OpenAI-shaped body; the proxy forwards them (11.3).
  if (values.thinkingBudget !== undefined) body.thinking = { type: 'enabled', budget_tokens: values.thinkingBudget };
  if (capabilities.supportsPromptCacheRetention && settings.prompt_cache_retention) body.prompt_cache_retention = settings.prompt_cache_retention;
  if (settings.safety_settings && matchesModelPattern(settings.model, ['mistral', 'gemini'])) body.safety_settings = settings.safety_settings;
  return {
    temperature: values.temperature,
    topP: values.topP,
    seed: values.seed,
    maxOutputTokens: usesCompletionTokens ? undefined : values.maxOutputTokens,
    stopSequences: values.stopSequences,
    providerOptions: { [COMPATIBLE_PROVIDER_NAME]: body } as SdkProviderOptions,
  };
}

export function buildCallOptions(input: CallOptionsInput): BuiltCallOptions {
  const values = sampling(input);
  const droppedParameters: string[] = [];
  let specific: Partial<RequestParameters>;
  switch (input.route.api) {
    case 'anthropic-messages':
      specific = anthropicOptions(values, droppedParameters);
      break;
    case 'bedrock-converse':
      specific = bedrockOptions(input, values, droppedParameters);
      break;
    case 'openai-chat':
    case 'openai-responses':
      specific = openAiOptions(input, values, droppedParameters);
      break;
    case 'openai-compatible-chat':
      specific = compatibleOptions(input, values);
      break;
  }
  const headers = { ...betaHeaders(input, values), ...(input.settings.extra_headers ?? {}) };
  const parameters = Object.fromEntries(
    Object.entries({ ...specific, headers }).filter(([, value]) => value !== undefined),
  ) as RequestParameters;
  return { parameters, droppedParameters };
}
