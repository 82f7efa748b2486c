import { finishReasonWord } from '../finish-reason.js';
import { newChatCompletionId } from '../ids.js';
import type { ResolvedUsage } from '../resolve-reply.js';
import { splitIntoChunks } from '../split-into-chunks.js';
import { renderOpenAiError } from './openai-error-body.js';
import type { ProtocolRenderer, RenderContext, SseEvent } from './protocol-renderer.js';

// OpenAI Chat Completions (POST {base}/chat/completions), shaped after real api.openai.com
// responses. `reasoning_content` is not an OpenAI field: it is the DeepSeek/vLLM/LiteLLM
// convention the agent spec (§3.4) reads reasoning from.

const systemFingerprint = 'fp_fake_llm';

function renderUsage(usage: ResolvedUsage): Record<string, unknown> {
  const rendered: Record<string, unknown> = {
    prompt_tokens: usage.promptTokens,
    completion_tokens: usage.completionTokens,
    total_tokens: usage.promptTokens + usage.completionTokens,
    prompt_tokens_details: { cached_tokens: usage.cacheReadTokens, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: usage.reasoningTokens,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
  // OpenAI has no cache-write count. A LiteLLM proxy in front of Anthropic reports it with
  // these two Anthropic-named fields at the top of `usage`, so that is how we carry it.
  if (usage.cacheWriteTokens > 0) {
    rendered.cache_creation_input_tokens = usage.cacheWriteTokens;
    rendered.cache_read_input_tokens = usage.cacheReadTokens;
  }
  return rendered;
}

function renderBody(context: RenderContext): Record<string, unknown> {
  const { reply } = context;
  const message: Record<string, unknown> = {
    role: 'assistant',
    // null, not "", when the model only called tools: clients must cope with that.
    content: reply.text ?? null,
    refusal: null,
    annotations: [],
  };
  if (reply.reasoning !== undefined) {
    message.reasoning_content = reply.reasoning;
  }
  if (reply.toolCalls.length > 0) {
    message.tool_calls = reply.toolCalls.map((toolCall) => ({
      id: toolCall.id,
      type: 'function',
      function: { name: toolCall.name, arguments: toolCall.argumentsJson },
    }));
  }
  const choice: Record<string, unknown> = { index: 0, message, logprobs: null, finish_reason: finishReasonWord('openai-chat', reply.finishReason) };
  // vLLM answers `return_token_ids: true` with the prompt's ids at the top and each choice's own.
  const withTokenIds = context.request.body.return_token_ids === true;
  if (withTokenIds) choice.token_ids = reply.tokenIds.response;
  return {
    id: newChatCompletionId(),
    object: 'chat.completion',
    created: context.createdAtSeconds,
    model: context.model,
    ...(withTokenIds ? { prompt_token_ids: reply.tokenIds.prompt } : {}),
    choices: [choice],
    usage: renderUsage(reply.usage),
    system_fingerprint: systemFingerprint,
  };
}

function isUsageRequested(body: Record<string, unknown>): boolean {
  const streamOptions = body.stream_options;
  return typeof streamOptions === 'object' && streamOptions !== null && 'include_usage' in streamOptions
    ? streamOptions.include_usage === true
    : false;
}

function streamDeltas(context: RenderContext): Array<Record<string, unknown>> {
  const { reply } = context;
  // The first chunk announces the role; its content is "" for text answers and null for
  // tool-only answers, as OpenAI does.
  const deltas: Array<Record<string, unknown>> = [
    { role: 'assistant', content: reply.text === undefined ? null : '', refusal: null },
  ];
  for (const piece of splitIntoChunks(reply.reasoning ?? '')) {
    deltas.push({ reasoning_content: piece });
  }
  for (const piece of splitIntoChunks(reply.text ?? '')) {
    deltas.push({ content: piece });
  }
  reply.toolCalls.forEach((toolCall, index) => {
    // Only the first delta of a call carries id, type and name; later ones carry argument
    // fragments keyed by `index`, which is how clients tell parallel calls apart.
    deltas.push({
      tool_calls: [{ index, id: toolCall.id, type: 'function', function: { name: toolCall.name, arguments: '' } }],
    });
    for (const piece of splitIntoChunks(toolCall.argumentsJson)) {
      deltas.push({ tool_calls: [{ index, function: { arguments: piece } }] });
    }
  });
  return deltas;
}

function renderStream(context: RenderContext): SseEvent[] {
  const isUsageIncluded = isUsageRequested(context.request.body);
  const header = {
    id: newChatCompletionId(),
    object: 'chat.completion.chunk',
    created: context.createdAtSeconds,
    model: context.model,
    system_fingerprint: systemFingerprint,
  };
  // With include_usage every chunk carries `usage: null` and one extra chunk with empty
  // `choices` carries the totals; without it no chunk has a usage field at all.
  const usageField = isUsageIncluded ? { usage: null } : {};
  const chunk = (delta: Record<string, unknown>, finishReason: string | null): SseEvent => ({
    data: JSON.stringify({
      ...header,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
      ...usageField,
    }),
  });
  const events = streamDeltas(context).map((delta) => chunk(delta, null));
  events.push(chunk({}, finishReasonWord('openai-chat', context.reply.finishReason)));
  if (isUsageIncluded) {
    events.push({ data: JSON.stringify({ ...header, choices: [], usage: renderUsage(context.reply.usage) }) });
  }
  events.push({ data: '[DONE]' });
  return events;
}

function validateRequestBody(body: Record<string, unknown>): string | undefined {
  if (typeof body.model !== 'string') {
    return "you must provide a model parameter";
  }
  if (!Array.isArray(body.messages)) {
    return "Missing required parameter: 'messages'.";
  }
  if (body.messages.length === 0) {
    return "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.";
  }
  return undefined;
}

export const openAiChatRenderer: ProtocolRenderer = {
  requestIdHeader: 'x-request-id',
  validateRequestBody,
  renderBody,
  renderStream,
  renderError: renderOpenAiError,
};
