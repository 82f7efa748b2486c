import { createHash } from 'node:crypto';
import { finishReasonWord } from '../finish-reason.js';
import { newAnthropicMessageId } from '../ids.js';
import { objectArguments, type ResolvedReply, type ResolvedToolCall, type ResolvedUsage } from '../resolve-reply.js';
import { splitIntoChunks } from '../split-into-chunks.js';
import { renderAnthropicError } from './anthropic-error-body.js';
import type { ProtocolRenderer, RenderContext, SseEvent } from './protocol-renderer.js';

// Anthropic Messages (POST {base}/messages). Content order is thinking, text, tool_use, as
// Claude answers with extended thinking. The stream follows the documented sequence:
// message_start, ping, per block content_block_start / *_delta / content_block_stop,
// message_delta (stop_reason and cumulative usage), message_stop.

type PlannedBlock =
  | { kind: 'thinking'; thinking: string; signature: string }
  | { kind: 'text'; text: string }
  | { kind: 'tool_use'; toolCall: ResolvedToolCall };

// Deterministic, so a test can check that a client replays the signature unchanged (§11.7).
// Bedrock's Claude reasoning blocks carry the same kind of signature.
export function signatureFor(thinking: string): string {
  return createHash('sha256').update(`fake-llm-thinking:${thinking}`).digest('base64');
}

function planBlocks(reply: ResolvedReply): PlannedBlock[] {
  const blocks: PlannedBlock[] = [];
  if (reply.reasoning !== undefined) {
    blocks.push({ kind: 'thinking', thinking: reply.reasoning, signature: signatureFor(reply.reasoning) });
  }
  if (reply.text !== undefined) {
    blocks.push({ kind: 'text', text: reply.text });
  }
  for (const toolCall of reply.toolCalls) {
    blocks.push({ kind: 'tool_use', toolCall });
  }
  return blocks;
}

function renderUsage(usage: ResolvedUsage, outputTokens: number): Record<string, unknown> {
  return {
    input_tokens: usage.promptTokens,
    cache_creation_input_tokens: usage.cacheWriteTokens,
    cache_read_input_tokens: usage.cacheReadTokens,
    output_tokens: outputTokens,
  };
}

function toContentBlock(block: PlannedBlock): Record<string, unknown> {
  switch (block.kind) {
    case 'thinking':
      return { type: 'thinking', thinking: block.thinking, signature: block.signature };
    case 'text':
      return { type: 'text', text: block.text };
    case 'tool_use':
      return {
        type: 'tool_use',
        id: block.toolCall.id,
        name: block.toolCall.name,
        input: objectArguments(block.toolCall, 'a non-streaming Anthropic tool_use.input must be one. Use a streaming request to send broken JSON.'),
      };
  }
}

function renderBody(context: RenderContext): Record<string, unknown> {
  const { reply } = context;
  return {
    id: newAnthropicMessageId(),
    type: 'message',
    role: 'assistant',
    model: context.model,
    content: planBlocks(reply).map(toContentBlock),
    stop_reason: finishReasonWord('anthropic', reply.finishReason),
    stop_sequence: null,
    usage: renderUsage(reply.usage, reply.usage.completionTokens),
  };
}

function blockEvents(block: PlannedBlock, index: number): Array<Record<string, unknown>> {
  const delta = (payload: Record<string, unknown>) => ({ type: 'content_block_delta', index, delta: payload });
  const events: Array<Record<string, unknown>> = [];
  switch (block.kind) {
    case 'thinking':
      events.push({ type: 'content_block_start', index, content_block: { type: 'thinking', thinking: '', signature: '' } });
      for (const piece of splitIntoChunks(block.thinking)) {
        events.push(delta({ type: 'thinking_delta', thinking: piece }));
      }
      events.push(delta({ type: 'signature_delta', signature: block.signature }));
      break;
    case 'text':
      events.push({ type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
      for (const piece of splitIntoChunks(block.text)) {
        events.push(delta({ type: 'text_delta', text: piece }));
      }
      break;
    case 'tool_use': {
      const { id, name, argumentsJson } = block.toolCall;
      events.push({ type: 'content_block_start', index, content_block: { type: 'tool_use', id, name, input: {} } });
      // For a tool without arguments Claude streams one empty partial_json, not "{}";
      // clients that JSON.parse the concatenation without a fallback break on it.
      const pieces = argumentsJson.trim() === '{}' ? [''] : splitIntoChunks(argumentsJson);
      for (const piece of pieces) {
        events.push(delta({ type: 'input_json_delta', partial_json: piece }));
      }
      break;
    }
  }
  events.push({ type: 'content_block_stop', index });
  return events;
}

function renderStream(context: RenderContext): SseEvent[] {
  const { reply } = context;
  const payloads: Array<Record<string, unknown>> = [
    {
      type: 'message_start',
      message: {
        id: newAnthropicMessageId(),
        type: 'message',
        role: 'assistant',
        model: context.model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        // message_start reports a token or so of output; the final count arrives in message_delta.
        usage: renderUsage(reply.usage, Math.min(1, reply.usage.completionTokens)),
      },
    },
    { type: 'ping' },
    ...planBlocks(reply).flatMap(blockEvents),
    {
      type: 'message_delta',
      delta: { stop_reason: finishReasonWord('anthropic', reply.finishReason), stop_sequence: null },
      usage: renderUsage(reply.usage, reply.usage.completionTokens),
    },
    { type: 'message_stop' },
  ];
  return payloads.map((payload) => ({ event: String(payload.type), data: JSON.stringify(payload) }));
}

function validateRequestBody(body: Record<string, unknown>): string | undefined {
  if (typeof body.model !== 'string') {
    return 'model: Field required';
  }
  if (typeof body.max_tokens !== 'number') {
    return 'max_tokens: Field required';
  }
  if (!Array.isArray(body.messages)) {
    return 'messages: Field required';
  }
  if (body.messages.length === 0) {
    return 'messages: at least one message is required';
  }
  return undefined;
}

export const anthropicMessagesRenderer: ProtocolRenderer = {
  requestIdHeader: 'request-id',
  validateRequestBody,
  renderBody,
  renderStream,
  renderError: renderAnthropicError,
};
