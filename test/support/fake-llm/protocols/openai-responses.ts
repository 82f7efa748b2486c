import { newResponsesItemId } from '../ids.js';
import { renderOpenAiError } from './openai-error-body.js';
import { renderOutputItems, type ResponsesBody } from './openai-responses-items.js';
import { renderResponsesStream } from './openai-responses-stream.js';
import type { ProtocolRenderer, RenderContext } from './protocol-renderer.js';

// OpenAI Responses API (POST {base}/responses). Like the real API, the response object
// echoes the request's settings; the stream is derived from the finished object so the two
// modes can never disagree.

// A truncated answer (`length`) or a filtered one ends with status "incomplete"; the
// Responses API has no finish_reason field.
const incompleteReasonByFinishReason: Record<string, string> = {
  length: 'max_output_tokens',
  content_filter: 'content_filter',
};

function includesEncryptedReasoning(body: Record<string, unknown>): boolean {
  return Array.isArray(body.include) && body.include.includes('reasoning.encrypted_content');
}

function renderBody(context: RenderContext): ResponsesBody {
  const { reply, request } = context;
  const body = request.body;
  const incompleteReason = incompleteReasonByFinishReason[reply.finishReason];
  const status = incompleteReason === undefined ? 'completed' : 'incomplete';
  const reasoningSettings = typeof body.reasoning === 'object' && body.reasoning !== null ? body.reasoning : {};
  const { usage } = reply;
  return {
    id: newResponsesItemId('resp'),
    object: 'response',
    created_at: context.createdAtSeconds,
    status,
    background: false,
    error: null,
    incomplete_details: incompleteReason === undefined ? null : { reason: incompleteReason },
    instructions: body.instructions ?? null,
    max_output_tokens: body.max_output_tokens ?? null,
    model: context.model,
    output: renderOutputItems(reply, {
      isEncryptedReasoningIncluded: includesEncryptedReasoning(body),
      itemStatus: status,
    }),
    parallel_tool_calls: body.parallel_tool_calls ?? true,
    previous_response_id: body.previous_response_id ?? null,
    reasoning: { effort: null, summary: null, ...reasoningSettings },
    store: body.store ?? true,
    temperature: body.temperature ?? 1,
    text: body.text ?? { format: { type: 'text' } },
    tool_choice: body.tool_choice ?? 'auto',
    tools: body.tools ?? [],
    top_p: body.top_p ?? 1,
    truncation: body.truncation ?? 'disabled',
    usage: {
      input_tokens: usage.promptTokens,
      input_tokens_details: { cached_tokens: usage.cacheReadTokens },
      output_tokens: usage.completionTokens,
      output_tokens_details: { reasoning_tokens: usage.reasoningTokens },
      total_tokens: usage.promptTokens + usage.completionTokens,
    },
    user: null,
    metadata: body.metadata ?? {},
  };
}

function validateRequestBody(body: Record<string, unknown>): string | undefined {
  return typeof body.model === 'string' ? undefined : "Missing required parameter: 'model'.";
}

export const openAiResponsesRenderer: ProtocolRenderer = {
  requestIdHeader: 'x-request-id',
  validateRequestBody,
  renderBody,
  renderStream: (context) => renderResponsesStream(renderBody(context)),
  renderError: renderOpenAiError,
};
