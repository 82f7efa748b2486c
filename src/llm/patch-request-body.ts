import type { LlmMessage } from './types.js';

// Last adjustments to the JSON body the SDK built, applied by a fetch wrapper just before sending:
// - tool-call arguments that are not valid JSON are replayed exactly as the model produced them
//   (agent.md 3.2; the SDK would send them as a JSON string literal);
// - a `cache_control` the SDK left at message level on string content (system, single-text user)
//   moves onto a text part, the form LiteLLM documents (tool messages keep it at message level, 11.5);
// - `litellm_extra_body` is merged into the body verbatim (11.1).

export interface BodyPatch {
  /** Tool call id → raw arguments, for the calls whose arguments are not valid JSON. */
  rawToolArguments: ReadonlyMap<string, string>;
  extraBody: Readonly<Record<string, unknown>>;
}

function isValidJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

export function buildBodyPatch(messages: readonly LlmMessage[], extraBody: Record<string, unknown> | null | undefined): BodyPatch {
  const rawToolArguments = new Map<string, string>();
  for (const message of messages) {
    if (message.role !== 'assistant') continue;
    for (const call of message.toolCalls) if (!isValidJson(call.arguments)) rawToolArguments.set(call.id, call.arguments);
  }
  return { rawToolArguments, extraBody: { ...(extraBody ?? {}) } };
}

type JsonObject = Record<string, unknown>;
const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

function patchChatMessage(message: JsonObject, patch: BodyPatch): JsonObject {
  let patched = message;
  if (Array.isArray(message.tool_calls) && patch.rawToolArguments.size > 0) {
    patched = {
      ...patched,
      tool_calls: message.tool_calls.map((call: unknown) => {
        if (!isObject(call) || typeof call.id !== 'string' || !isObject(call.function)) return call;
        const raw = patch.rawToolArguments.get(call.id);
        return raw === undefined ? call : { ...call, function: { ...call.function, arguments: raw } };
      }),
    };
  }
  if ((message.role === 'system' || message.role === 'user') && typeof message.content === 'string' && message.cache_control !== undefined) {
    const { cache_control: cacheControl, ...rest } = patched;
    patched = { ...rest, content: [{ type: 'text', text: message.content, cache_control: cacheControl }] };
  }
  return patched;
}

function patchResponsesItem(item: JsonObject, patch: BodyPatch): JsonObject {
  if (item.type !== 'function_call' || typeof item.call_id !== 'string') return item;
  const raw = patch.rawToolArguments.get(item.call_id);
  return raw === undefined ? item : { ...item, arguments: raw };
}

export function patchRequestBody(body: JsonObject, patch: BodyPatch): JsonObject {
  let patched = body;
  if (Array.isArray(body.messages)) {
    patched = { ...patched, messages: body.messages.map((message) => (isObject(message) ? patchChatMessage(message, patch) : message)) };
  }
  if (Array.isArray(body.input)) {
    patched = { ...patched, input: body.input.map((item) => (isObject(item) ? patchResponsesItem(item, patch) : item)) };
  }
  return { ...patched, ...patch.extraBody };
}

/** A fetch that applies `patch` to JSON request bodies. */
export function createPatchingFetch(baseFetch: typeof fetch, patch: BodyPatch): typeof fetch {
  const isNoop = patch.rawToolArguments.size === 0 && Object.keys(patch.extraBody).length === 0;
  return async (input, init) => {
    if (typeof init?.body !== 'string') return baseFetch(input, init);
    let body: unknown;
    try {
      body = JSON.parse(init.body);
    } catch {
      return baseFetch(input, init);
    }
    if (!isObject(body)) return baseFetch(input, init);
    const patched = patchRequestBody(body, patch);
    if (isNoop && patched === body) return baseFetch(input, init);
    return baseFetch(input, { ...init, body: JSON.stringify(patched) });
  };
}
