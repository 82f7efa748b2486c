/**
 * @module llm
 * The LLM layer: one `LlmClient` per configured LLM, speaking Anthropic Messages, the AWS Bedrock
 * Converse API, OpenAI Chat Completions (native or any OpenAI-compatible server) or the OpenAI
 * Responses API through the Vercel AI SDK, with our own retry policy, errors, usage and cost (agent.md 11).
 */
export { createLlmClient, type CreateLlmClientOptions } from './create-llm-client.js';
export {
  LlmAuthenticationError,
  LlmBadRequestError,
  LlmConnectionError,
  LlmContextWindowExceededError,
  LlmError,
  LlmFunctionCallValidationError,
  LlmNoResponseError,
  LlmProviderNotSupportedError,
  LlmRateLimitError,
  LlmResponseError,
  LlmServiceUnavailableError,
  LlmTimeoutError,
  isLlmError,
  type LlmErrorCode,
} from './errors.js';
export { routeModel, type LlmApi, type ModelRoute, type ModelRouteInput } from './model-router.js';
export { detectCapabilities, resolveContextWindow, type ModelCapabilities } from './capabilities.js';
export { costOf, lookupModelInfo, type CostOverrides, type ModelInfo } from './pricing.js';
export type {
  LlmClient,
  LlmContentPart,
  LlmFinishReason,
  LlmImagePart,
  LlmMessage,
  LlmRequest,
  LlmResponse,
  LlmTextPart,
  LlmThinkingBlock,
  LlmToolCall,
  LlmToolSpec,
  LlmUsage,
} from './types.js';
