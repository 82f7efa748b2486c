import { randomUUID } from 'node:crypto';
import type { Llm } from '../models/index.js';
import { applyCacheMarkers } from './apply-cache-markers.js';
import { buildCallOptions } from './build-call-options.js';
import { callWithTimeout } from './call-with-timeout.js';
import { detectCapabilities, resolveContextWindow } from './capabilities.js';
import { createLanguageModel } from './create-language-model.js';
import { LlmBadRequestError, LlmFunctionCallValidationError, LlmNoResponseError } from './errors.js';
import { fromSdkResult, type ParsedResult } from './from-sdk-result.js';
import { limitContent } from './limit-content.js';
import { routeModel } from './model-router.js';
import { createPatchingFetch, buildBodyPatch } from './patch-request-body.js';
import { costOf } from './pricing.js';
import { retryPolicyFrom, runWithRetries } from './retry-policy.js';
import { secretsOf } from './scrub-secrets.js';
import { toSdkTools } from './sdk-prompt-parts.js';
import { convertToTextToolCalling, nextToolCallNumber, parseTextToolCall, shouldIncludeExample } from './text-tool-calling/index.js';
import { toSdkPrompt } from './to-sdk-prompt.js';
import type { LlmClient, LlmMessage, LlmRequest, LlmResponse } from './types.js';

// One call of `complete`, in order:
// 1. prepare the messages: drop images without vision, cut oversized text, rewrite for
//    prompt-based tool calling when `native_tool_calling` is false, place cache breakpoints;
// 2. build the protocol's prompt and parameters (unsupported ones dropped or rejected);
// 3. call the provider through the AI SDK, each attempt with its own timeout, retrying what the
//    retry policy allows;
// 4. map the result to an LlmResponse with usage and cost, and for prompt-based tool calling
//    parse the function call out of the text.
// `stream` is ignored: every call is a non-streaming request (agent.md 11.11 makes it optional).

export interface CreateLlmClientOptions {
  /** The HTTP client (tests, proxies); defaults to the global fetch. */
  fetch?: typeof fetch;
  /** Milliseconds since the epoch; for latency. */
  now?: () => number;
  /** Waits between retries. */
  sleep?: (milliseconds: number) => Promise<void>;
}

/** Recommended HTTP timeout when `timeout` is null (agent.md 11.6). */
const DEFAULT_TIMEOUT_SECONDS = 600;

const defaultSleep = (milliseconds: number) => new Promise<void>((resolve) => setTimeout(resolve, milliseconds));

/**
 * A client for one configured LLM (a normalized contract `LLM`). Throws
 * `LlmProviderNotSupportedError` at once when the model string names a provider we cannot reach.
 */
export function createLlmClient(llm: Llm, options: CreateLlmClientOptions = {}): LlmClient {
  const route = routeModel(llm);
  const capabilities = detectCapabilities(llm);
  const policy = retryPolicyFrom(llm);
  const secrets = secretsOf(llm);
  const baseFetch = options.fetch ?? globalThis.fetch;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;
  const isNative = llm.native_tool_calling !== false;
  const timeoutSeconds = llm.timeout && llm.timeout > 0 ? llm.timeout : DEFAULT_TIMEOUT_SECONDS;
  const isCachingActive = llm.caching_prompt !== false && capabilities.supportsPromptCaching;
  const isBedrock = route.api === 'bedrock-converse';
  const usesAwsKeys = isBedrock && Boolean(llm.aws_access_key_id && llm.aws_secret_access_key);
  const credentialName = usesAwsKeys ? 'the AWS credentials' : 'the API key';

  function prepareMessages(request: LlmRequest): LlmMessage[] {
    let messages = limitContent(request.messages, { supportsVision: capabilities.supportsVision, maxToolResultChars: llm.max_message_chars });
    if (!isNative) messages = convertToTextToolCalling(messages, request.tools, { includeExample: shouldIncludeExample(llm.model) });
    return applyCacheMarkers(messages, isCachingActive);
  }

  function toResponse(parsed: ParsedResult, latencySeconds: number): LlmResponse {
    return {
      id: parsed.id ?? `llm-${randomUUID()}`,
      model: parsed.model ?? route.modelId,
      text: parsed.text,
      toolCalls: parsed.toolCalls,
      reasoningContent: parsed.reasoningContent,
      thinkingBlocks: parsed.thinkingBlocks,
      responsesReasoningItem: parsed.responsesReasoningItem,
      finishReason: parsed.finishReason,
      usage: parsed.usage,
      cost: costOf(llm.model_canonical_name?.trim() || llm.model, parsed.usage, {
        inputCostPerToken: llm.input_cost_per_token,
        outputCostPerToken: llm.output_cost_per_token,
        reportedCost: parsed.reportedCost,
      }),
      latencySeconds,
      contextWindow: resolveContextWindow(llm),
      tokenIds: parsed.tokenIds,
    };
  }

  /** 11.9 step 5: the function call written in the reply text becomes the tool call. */
  function withTextToolCall(response: LlmResponse, request: LlmRequest): LlmResponse {
    try {
      const parsed = parseTextToolCall(response.text, request.tools, nextToolCallNumber(request.messages));
      if (parsed.toolCall === null) return response;
      return { ...response, text: parsed.content, toolCalls: [parsed.toolCall], finishReason: 'tool_calls' };
    } catch (error) {
      if (error instanceof LlmFunctionCallValidationError) throw new LlmFunctionCallValidationError(error.message, { response });
      throw error;
    }
  }

  async function complete(request: LlmRequest): Promise<LlmResponse> {
    const prompt = toSdkPrompt(prepareMessages(request), {
      api: route.api,
      forceStringContent: capabilities.forceStringContent,
      sendReasoningContent: capabilities.sendReasoningContent,
    });
    const { parameters, droppedParameters } = buildCallOptions({ settings: llm, route, capabilities, isTextToolCalling: !isNative });
    if (droppedParameters.length > 0 && llm.drop_params === false) {
      throw new LlmBadRequestError(
        `Model '${llm.model}' does not support ${droppedParameters.join(', ')}; remove them or set drop_params to true to leave them out.`,
      );
    }
    const tools = isNative && request.tools.length > 0 ? toSdkTools(request.tools) : undefined;
    const model = createLanguageModel(route, {
      apiKey: llm.api_key,
      awsAccessKeyId: llm.aws_access_key_id,
      awsSecretAccessKey: llm.aws_secret_access_key,
      // Bedrock signs the body before it reaches this fetch, so nothing may edit it there; its
      // extra body travels in the call options instead (build-call-options.ts).
      fetch: isBedrock ? baseFetch : createPatchingFetch(baseFetch, buildBodyPatch(request.messages, llm.litellm_extra_body)),
    });
    let attemptStartedAt = now();
    const result = await runWithRetries({
      policy,
      sleep,
      signal: request.signal,
      attempt: (_attemptNumber, previousError) => {
        attemptStartedAt = now();
        // 11.6: after a response without choices at temperature 0, the next attempt uses 1.0.
        const isNoChoicesRetry = previousError instanceof LlmNoResponseError && parameters.temperature === 0;
        return callWithTimeout({
          model,
          callOptions: { ...parameters, ...(isNoChoicesRetry ? { temperature: 1 } : {}), prompt, tools },
          timeoutSeconds,
          signal: request.signal,
          errorContext: { model: llm.model, endpoint: route.baseUrl, secrets, hasApiKey: Boolean(llm.api_key) || usesAwsKeys, credentialName },
          now,
        });
      },
    });
    const response = toResponse(fromSdkResult(result, route.api), (now() - attemptStartedAt) / 1000);
    return isNative ? response : withTextToolCall(response, request);
  }

  return {
    model: llm.model,
    usageId: llm.usage_id,
    complete,
  };
}
