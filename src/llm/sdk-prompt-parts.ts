import { imageData, type ImageData } from './image-data.js';
import type { LlmApi } from './model-router.js';
import type { SdkFunctionTool, SdkMessage, SdkProviderOptions, SdkUserPart } from './sdk-types.js';
import type { LlmContentPart, LlmMessage, LlmToolSpec } from './types.js';

// Pieces shared by the Anthropic (and Bedrock) and OpenAI prompt converters.

/** Replaces empty text where a provider rejects it (Anthropic, agent.md 11.3 `modify_params`). */
export const EMPTY_TEXT_PLACEHOLDER = '(empty)';

/** Provider options that put a cache breakpoint on a part (or message) for this protocol, if it has one. */
export function cacheBreakpoint(api: LlmApi): SdkProviderOptions | undefined {
  if (api === 'anthropic-messages') return { anthropic: { cacheControl: { type: 'ephemeral' } } };
  // Bedrock marks a breakpoint with a `cachePoint` block, which the provider puts after the part.
  if (api === 'bedrock-converse') return { bedrock: { cachePoint: { type: 'default' } } };
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

/** The image formats the Bedrock Converse API accepts. */
const BEDROCK_IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp']);

/**
 * Bedrock takes images only inline (or from S3) and in four formats; anything else would fail the
 * whole request, so such an image is replaced by a note that tells the model what it is missing.
 */
export function isSendableImage(image: ImageData, api: LlmApi): boolean {
  return api !== 'bedrock-converse' || (image.kind === 'base64' && BEDROCK_IMAGE_TYPES.has(image.mediaType));
}

export function unsentImageNote(image: ImageData): string {
  const what = image.kind === 'url' ? `The image at ${image.url.toString()}` : `An image of type ${image.mediaType}`;
  return `(${what} was left out: this model accepts only inline JPEG, PNG, GIF or WebP images.)`;
}

function filePart(image: ImageData): SdkUserPart {
  return image.kind === 'url'
    ? { type: 'file', data: image.url, mediaType: 'image/*' }
    : { type: 'file', data: image.data, mediaType: image.mediaType };
}

export function imageFilePart(url: string): SdkUserPart | null {
  const image = imageData(url);
  return image === null ? null : filePart(image);
}

export function userParts(parts: readonly LlmContentPart[], api: LlmApi): SdkUserPart[] {
  const cache = cacheBreakpoint(api);
  const converted: SdkUserPart[] = [];
  for (const part of parts) {
    if (part.type === 'text') {
      converted.push(part.cacheControl && cache ? { type: 'text', text: part.text, providerOptions: cache } : { type: 'text', text: part.text });
    } else {
      const image = imageData(part.url);
      if (image === null) continue;
      converted.push(isSendableImage(image, api) ? filePart(image) : { type: 'text', text: unsentImageNote(image) });
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
