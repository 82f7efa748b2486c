import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { COMPATIBLE_PROVIDER_NAME } from './build-call-options.js';
import type { ModelRoute } from './model-router.js';
import type { SdkLanguageModel } from './sdk-types.js';

export interface LanguageModelOptions {
  /** Null leaves the key to the SDK, which then reads the provider's usual environment variable. */
  apiKey: string | null;
  fetch: typeof fetch;
}

/** The AI SDK model for a route. Cheap to build; the client builds one per call. */
export function createLanguageModel(route: ModelRoute, options: LanguageModelOptions): SdkLanguageModel {
  const apiKey = options.apiKey ?? undefined;
  switch (route.api) {
    case 'anthropic-messages':
      return createAnthropic({ baseURL: route.baseUrl, apiKey, headers: route.headers, fetch: options.fetch }).messages(route.modelId);
    case 'openai-chat':
      return createOpenAI({ baseURL: route.baseUrl, apiKey, headers: route.headers, fetch: options.fetch }).chat(route.modelId);
    case 'openai-responses':
      return createOpenAI({ baseURL: route.baseUrl, apiKey, headers: route.headers, fetch: options.fetch }).responses(route.modelId);
    case 'openai-compatible-chat': {
      const usesApiKeyHeader = route.apiKeyHeader === 'api-key';
      return createOpenAICompatible({
        name: COMPATIBLE_PROVIDER_NAME,
        baseURL: route.baseUrl,
        apiKey: usesApiKeyHeader ? undefined : apiKey,
        headers: { ...route.headers, ...(usesApiKeyHeader && apiKey ? { 'api-key': apiKey } : {}) },
        queryParams: route.queryParams,
        fetch: options.fetch,
      }).chatModel(route.modelId);
    }
  }
}
