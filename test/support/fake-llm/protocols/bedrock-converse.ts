import { finishReasonWord } from '../finish-reason.js';
import { newAwsRequestId } from '../ids.js';
import { objectArguments, type ResolvedReply, type ResolvedUsage } from '../resolve-reply.js';
import { signatureFor } from './anthropic-messages.js';
import { bedrockErrorHeaders, renderBedrockError } from './bedrock-error-body.js';
import type { ProtocolRenderer, RenderContext, SseEvent } from './protocol-renderer.js';

// Bedrock Converse (POST {base}/model/{modelId}/converse), non-streaming only. The answer is
// `output.message` with content blocks in Claude's order (reasoningContent, text, toolUse),
// `stopReason`, `usage` and `metrics`; the model id lives in the path, not the body. Requests
// are checked for what Converse itself rejects: no messages, a first turn not from the user,
// roles that do not alternate, blank text, tool blocks without `toolConfig`, maxTokens below 1.

type Block = Record<string, unknown>;

function contentBlocks(reply: ResolvedReply): Block[] {
  const blocks: Block[] = [];
  if (reply.reasoning !== undefined) {
    blocks.push({ reasoningContent: { reasoningText: { text: reply.reasoning, signature: signatureFor(reply.reasoning) } } });
  }
  if (reply.text !== undefined) blocks.push({ text: reply.text });
  for (const toolCall of reply.toolCalls) {
    blocks.push({ toolUse: { toolUseId: toolCall.id, name: toolCall.name, input: objectArguments(toolCall, 'a Bedrock toolUse.input must be one (Converse cannot carry anything else).') } });
  }
  return blocks;
}

/** Like Anthropic, `inputTokens` excludes cached tokens; the cache fields appear only when used. */
function renderUsage(usage: ResolvedUsage): Record<string, number> {
  const { promptTokens, completionTokens, cacheReadTokens, cacheWriteTokens } = usage;
  return {
    inputTokens: promptTokens,
    outputTokens: completionTokens,
    totalTokens: promptTokens + completionTokens + cacheReadTokens + cacheWriteTokens,
    ...(cacheReadTokens > 0 ? { cacheReadInputTokens: cacheReadTokens } : {}),
    ...(cacheWriteTokens > 0 ? { cacheWriteInputTokens: cacheWriteTokens } : {}),
  };
}

function renderBody(context: RenderContext): Record<string, unknown> {
  const { reply } = context;
  return {
    output: { message: { role: 'assistant', content: contentBlocks(reply) } },
    stopReason: finishReasonWord('bedrock', reply.finishReason),
    usage: renderUsage(reply.usage),
    metrics: { latencyMs: 1 },
  };
}

function renderStream(): SseEvent[] {
  throw new Error('Bedrock answers streams on /converse-stream in its binary event-stream encoding, which the fake does not speak.');
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isBlank = (block: Record<string, unknown>) => typeof block.text === 'string' && block.text.trim() === '';

function validateMessages(messages: unknown[]): string | undefined {
  for (const [index, message] of messages.entries()) {
    if (!isObject(message) || !Array.isArray(message.content) || message.content.length === 0) {
      return `The content field in the Message object at messages.${index} is empty. Add a ContentBlock object to the content field and try again.`;
    }
    const expectedRole = index % 2 === 0 ? 'user' : 'assistant';
    if (message.role !== expectedRole) {
      return index === 0
        ? 'A conversation must start with a user message. Try again with a conversation that starts with a user message.'
        : 'A conversation must alternate between user and assistant roles. Make sure the conversation alternates between user and assistant roles and try again.';
    }
    const blankAt = message.content.findIndex((block) => isObject(block) && isBlank(block));
    if (blankAt !== -1) {
      return `The text field in the ContentBlock object at messages.${index}.content.${blankAt} is blank. Add text to the text field, and try again.`;
    }
  }
  return undefined;
}

function usesToolBlocks(messages: unknown[]): boolean {
  return messages.some(
    (message) => isObject(message) && Array.isArray(message.content) && message.content.some((block) => isObject(block) && ('toolUse' in block || 'toolResult' in block)),
  );
}

function validateRequestBody(body: Record<string, unknown>): string | undefined {
  if (!Array.isArray(body.messages)) return "1 validation error detected: Value null at 'messages' failed to satisfy constraint: Member must not be null";
  if (body.messages.length === 0) return 'A conversation must start with a user message. Try again with a conversation that starts with a user message.';
  if (Array.isArray(body.system) && body.system.some((block) => isObject(block) && isBlank(block))) {
    return 'The text field in the SystemContentBlock object is blank. Add text to the text field, and try again.';
  }
  const maxTokens = isObject(body.inferenceConfig) ? body.inferenceConfig.maxTokens : undefined;
  if (maxTokens !== undefined && !(Number.isInteger(maxTokens) && (maxTokens as number) >= 1)) {
    return `1 validation error detected: Value '${String(maxTokens)}' at 'inferenceConfig.maxTokens' failed to satisfy constraint: Member must have value greater than or equal to 1`;
  }
  const messageProblem = validateMessages(body.messages);
  if (messageProblem !== undefined) return messageProblem;
  if (usesToolBlocks(body.messages) && !isObject(body.toolConfig)) {
    return 'The toolConfig field must be defined when using toolUse and toolResult content blocks.';
  }
  return undefined;
}

export const bedrockConverseRenderer: ProtocolRenderer = {
  requestIdHeader: 'x-amzn-requestid',
  newRequestId: newAwsRequestId,
  validateRequestBody,
  renderBody,
  renderStream,
  renderError: renderBedrockError,
  errorHeaders: (status) => bedrockErrorHeaders(status),
};
