import { splitIntoChunks } from '../split-into-chunks.js';
import type {
  FunctionCallItem,
  MessageItem,
  ReasoningItem,
  ResponsesBody,
  ResponsesOutputItem,
} from './openai-responses-items.js';
import type { SseEvent } from './protocol-renderer.js';

// The Responses API stream: response.created, response.in_progress, then per output item
// output_item.added, its part/delta/done events and output_item.done, then
// response.completed (or response.incomplete) carrying the whole response. Every payload
// has a `sequence_number`, and unlike Chat Completions there is no `[DONE]` sentinel.

type Payload = Record<string, unknown> & { type: string };

function reasoningEvents(item: ReasoningItem, outputIndex: number): Payload[] {
  const address = { item_id: item.id, output_index: outputIndex };
  const events: Payload[] = [
    { type: 'response.output_item.added', output_index: outputIndex, item: { ...item, summary: [] } },
  ];
  item.summary.forEach((part, summaryIndex) => {
    const partAddress = { ...address, summary_index: summaryIndex };
    events.push({ type: 'response.reasoning_summary_part.added', ...partAddress, part: { ...part, text: '' } });
    for (const piece of splitIntoChunks(part.text)) {
      events.push({ type: 'response.reasoning_summary_text.delta', ...partAddress, delta: piece });
    }
    events.push({ type: 'response.reasoning_summary_text.done', ...partAddress, text: part.text });
    events.push({ type: 'response.reasoning_summary_part.done', ...partAddress, part });
  });
  return events;
}

function messageEvents(item: MessageItem, outputIndex: number): Payload[] {
  const address = { item_id: item.id, output_index: outputIndex };
  const events: Payload[] = [
    {
      type: 'response.output_item.added',
      output_index: outputIndex,
      item: { ...item, status: 'in_progress', content: [] },
    },
  ];
  item.content.forEach((part, contentIndex) => {
    const partAddress = { ...address, content_index: contentIndex };
    events.push({ type: 'response.content_part.added', ...partAddress, part: { ...part, text: '' } });
    for (const piece of splitIntoChunks(part.text)) {
      events.push({ type: 'response.output_text.delta', ...partAddress, delta: piece, logprobs: [] });
    }
    events.push({ type: 'response.output_text.done', ...partAddress, text: part.text, logprobs: [] });
    events.push({ type: 'response.content_part.done', ...partAddress, part });
  });
  return events;
}

function functionCallEvents(item: FunctionCallItem, outputIndex: number): Payload[] {
  const address = { item_id: item.id, output_index: outputIndex };
  return [
    {
      type: 'response.output_item.added',
      output_index: outputIndex,
      item: { ...item, status: 'in_progress', arguments: '' },
    },
    ...splitIntoChunks(item.arguments).map((piece) => ({
      type: 'response.function_call_arguments.delta',
      ...address,
      delta: piece,
    })),
    { type: 'response.function_call_arguments.done', ...address, arguments: item.arguments },
  ];
}

function itemEvents(item: ResponsesOutputItem, outputIndex: number): Payload[] {
  const events =
    item.type === 'reasoning'
      ? reasoningEvents(item, outputIndex)
      : item.type === 'message'
        ? messageEvents(item, outputIndex)
        : functionCallEvents(item, outputIndex);
  events.push({ type: 'response.output_item.done', output_index: outputIndex, item });
  return events;
}

export function renderResponsesStream(response: ResponsesBody): SseEvent[] {
  const inProgress = { ...response, status: 'in_progress', incomplete_details: null, output: [], usage: null };
  const payloads: Payload[] = [
    { type: 'response.created', response: inProgress },
    { type: 'response.in_progress', response: inProgress },
    ...response.output.flatMap(itemEvents),
    { type: response.status === 'incomplete' ? 'response.incomplete' : 'response.completed', response },
  ];
  return payloads.map((payload, sequenceNumber) => ({
    event: payload.type,
    data: JSON.stringify({ ...payload, sequence_number: sequenceNumber }),
  }));
}
