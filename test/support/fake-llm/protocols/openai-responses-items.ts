import { newResponsesItemId } from '../ids.js';
import type { ResolvedReply } from '../resolve-reply.js';

// Output items of a Responses API answer, in the order the real API emits them: reasoning,
// then the assistant message, then one function_call item per tool call.

export interface ReasoningItem {
  id: string;
  type: 'reasoning';
  summary: Array<{ type: 'summary_text'; text: string }>;
  encrypted_content?: string;
}

export interface MessageItem {
  id: string;
  type: 'message';
  status: string;
  role: 'assistant';
  content: Array<{ type: 'output_text'; annotations: never[]; logprobs: never[]; text: string }>;
}

export interface FunctionCallItem {
  id: string;
  type: 'function_call';
  status: string;
  arguments: string;
  /** The id the client answers with in `function_call_output`; `id` is only the item's own id. */
  call_id: string;
  name: string;
}

export type ResponsesOutputItem = ReasoningItem | MessageItem | FunctionCallItem;

/** The finished response object; only the fields the stream renderer reads are typed. */
export interface ResponsesBody extends Record<string, unknown> {
  status: 'completed' | 'incomplete';
  output: ResponsesOutputItem[];
}

export function renderOutputItems(
  reply: ResolvedReply,
  options: { isEncryptedReasoningIncluded: boolean; itemStatus: string },
): ResponsesOutputItem[] {
  const items: ResponsesOutputItem[] = [];
  if (reply.reasoning !== undefined) {
    const item: ReasoningItem = {
      id: newResponsesItemId('rs'),
      type: 'reasoning',
      summary: [{ type: 'summary_text', text: reply.reasoning }],
    };
    if (options.isEncryptedReasoningIncluded) {
      // Opaque to clients, who must replay it unchanged (§11.7); any stable string will do.
      item.encrypted_content = Buffer.from(`fake-llm-reasoning:${reply.reasoning}`).toString('base64');
    }
    items.push(item);
  }
  if (reply.text !== undefined) {
    items.push({
      id: newResponsesItemId('msg'),
      type: 'message',
      status: options.itemStatus,
      role: 'assistant',
      content: [{ type: 'output_text', annotations: [], logprobs: [], text: reply.text }],
    });
  }
  for (const toolCall of reply.toolCalls) {
    items.push({
      id: newResponsesItemId('fc'),
      type: 'function_call',
      status: options.itemStatus,
      arguments: toolCall.argumentsJson,
      call_id: toolCall.id,
      name: toolCall.name,
    });
  }
  return items;
}
