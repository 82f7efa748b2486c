import { imageData } from './image-data.js';
import type { LlmApi } from './model-router.js';
import type { SdkFunctionTool, SdkMessage, SdkProviderOptions, SdkUserPart } from './sdk-types.js';
import type { LlmContentPart, LlmMessage, LlmToolSpec } from './types.js';

// Pieces shared by the Anthropic and OpenAI prompt converters.

/** Replaces empty text where a provider rejects it (Anthropic, agent.md 11.3 `modify_params`). */
export const EMPTY_TEXT_PLACEHOLDER = '(empty)';

/** Provider options that put a cache breakpoint on a part (or message) for this protocol, if it has one. */
export function cacheBreakpoint(api: LlmApi): SdkProviderOptions | undefined {
  if (api === 'anthropic-messages') return { anthropic: { cacheControl: { type: 'ephemeral' } } };
  // Through an OpenAI-compatible LiteLLM proxy, `cache_control` travels in the OpenAI-shaped body (11.3).
  if (api === 'openai-compatible-chat') return { openaiCompatible: { cache_control: { type: 'ephemeral' } } };
  return undefined;
}

export function hasCacheMarker(parts: readonly LlmContentPart[]): boolean {
  return parts.some((part) => part.type === 'text' && part.cacheControl === true);
}

/** All system messages as one, first (11.12: the system text as one block), text parts joined with newlines. */
export function systemMessage(messages: readonly LlmMessage[], api: LlmApi): SdkMessage | null {
  const parts = messages.flatMap((message) => (message.role === 'system' ? message.content : []));
  if (parts.length === 0) return null;
  const content = parts.map((part) => part.text).join('\n');
  const cache = hasCacheMarker(parts) ? cacheBreakpoint(api) : undefined;
  return cache ? { role: 'system', content, providerOptions: cache } : { role: 'system', content };
}

export function imageFilePart(url: string): SdkUserPart | null {
  const image = imageData(url);
  if (image === null) return null;
  return image.kind === 'url'
    ? { type: 'file', data: image.url, mediaType: 'image/*' }
    : { type: 'file', data: image.data, mediaType: image.mediaType };
}

export function userParts(parts: readonly LlmContentPart[], api: LlmApi): SdkUserPart[] {
  const cache = cacheBreakpoint(api);
  const converted: SdkUserPart[] = [];
  for (const part of parts) {
    if (part.type === 'text') {
      converted.push(part.cacheControl && cache ? { type: 'text', text: part.text, providerOptions: cache } : { type: 'text', text: part.text });
    } else {
      const file = imageFilePart(part.url);
      if (file) converted.push(file);
    }
  }
  return converted;
}

export function toSdkTools(tools: readonly LlmToolSpec[]): SdkFunctionTool[] {
  return tools.map((tool) => ({
    type: 'function',
    name: tool.name,
    description: tool.description,
    inputSchema: tool.parameters as SdkFunctionTool['inputSchema'],
  }));
}

/** Tool-call arguments as a JSON object, `{}` when they are not one (agent.md 3.6 recommendation). */
export function argumentsObject(argumentsJson: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(argumentsJson);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
