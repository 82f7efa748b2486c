/**
 * `log_completions` (api.md 13.6 step 3, 14.4.14): a client of such an LLM remembers the request
 * behind each response, so the step can append an LLMCompletionLogEvent next to the `stats` update.
 * The document never holds the api key (it only has the messages, tool names and the response),
 * and the event is redacted when appended like every other event.
 */
import { randomBytes } from 'node:crypto';
import { llmCompletionLogDraft, type EventDraft } from '../events/index.js';
import { LlmFunctionCallValidationError, type LlmClient, type LlmRequest, type LlmResponse } from '../llm/index.js';

const requests = new WeakMap<LlmResponse, LlmRequest>();

/** The client itself when `log_completions` is off; otherwise one that remembers each call's request. */
export function withCompletionLog(client: LlmClient, logCompletions: boolean): LlmClient {
  if (!logCompletions) return client;
  return {
    model: client.model,
    usageId: client.usageId,
    async complete(request) {
      try {
        const response = await client.complete(request);
        requests.set(response, request);
        return response;
      } catch (error) {
        if (error instanceof LlmFunctionCallValidationError && error.response) requests.set(error.response, request);
        throw error;
      }
    },
  };
}

/** The LLMCompletionLogEvent for a response of a logging client, or null. */
export function completionLogDraft(client: LlmClient, response: LlmResponse, nowSeconds: number): EventDraft | null {
  const request = requests.get(response);
  if (!request) return null;
  const document = {
    model: client.model,
    usage_id: client.usageId,
    messages: request.messages,
    tools: request.tools.map((tool) => tool.name),
    response: {
      id: response.id,
      model: response.model,
      text: response.text,
      tool_calls: response.toolCalls,
      reasoning_content: response.reasoningContent,
      finish_reason: response.finishReason,
      usage: response.usage,
    },
    cost: response.cost,
    latency: response.latencySeconds,
    timestamp: nowSeconds,
  };
  return llmCompletionLogDraft({ model_name: client.model, usage_id: client.usageId, log_data: JSON.stringify(document), nowSeconds, hex: randomBytes(2).toString('hex') });
}
