import { createAmazonBedrock } from '@ai-sdk/amazon-bedrock';
import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { resolveBedrockAuth } from './bedrock-credentials.js';
import { COMPATIBLE_PROVIDER_NAME } from './build-call-options.js';
import type { ModelRoute } from './model-router.js';
import type { SdkLanguageModel } from './sdk-types.js';

export interface LanguageModelOptions {
  /** Null leaves the key to the SDK, which then reads the provider's usual environment variable. */
  apiKey: string | null;
  /** Bedrock: the AWS key pair requests are SigV4-signed with. */
  awsAccessKeyId?: string | null;
  awsSecretAccessKey?: string | null;
  fetch: typeof fetch;
}

function createBedrockModel(route: ModelRoute, options: LanguageModelOptions): SdkLanguageModel {
  const auth = resolveBedrockAuth(options, route.modelId);
  // Every setting is passed explicitly so the provider never falls back to AWS_* environment
  // variables: an empty `apiKey` keeps AWS_BEARER_TOKEN_BEDROCK from replacing SigV4, and with
  // both key fields given it does not pick up AWS_SESSION_TOKEN either.
  const credentials =
    auth.kind === 'sigv4'
      ? { apiKey: '', accessKeyId: auth.accessKeyId, secretAccessKey: auth.secretAccessKey }
      : { apiKey: auth.apiKey };
  return createAmazonBedrock({
    region: route.awsRegion,
    baseURL: route.baseUrl,
    ...credentials,
    headers: route.headers,
    fetch: options.fetch,
  }).languageModel(route.modelId);
}

/** The AI SDK model for a route. Cheap to build; the client builds one per call. */
export function createLanguageModel(route: ModelRoute, options: LanguageModelOptions): SdkLanguageModel {
  const apiKey = options.apiKey ?? undefined;
  switch (route.api) {
    case 'anthropic-messages':
      return createAnthropic({ baseURL: route.baseUrl, apiKey, headers: route.headers, fetch: options.fetch }).messages(route.modelId);
    case 'bedrock-converse':
      return createBedrockModel(route, options);
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
