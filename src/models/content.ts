import { Type, type Static } from '@sinclair/typebox';
import { MESSAGE_ROLES, type MessageRole } from './enums.js';
import { Nullable, StringEnum, isPlainObject } from './schema-helpers.js';

// api.md 15.10. On input a content item is recognised by its fields; `type` is optional.

export const TextContent = Type.Object(
  {
    cache_prompt: Type.Optional(Type.Boolean({ default: false })),
    type: Type.Optional(Type.Literal('text', { default: 'text' })),
    text: Type.String(),
  },
  { title: 'TextContent', additionalProperties: false },
);
export type TextContentInput = Static<typeof TextContent>;
export interface TextContent {
  cache_prompt: boolean;
  type: 'text';
  text: string;
}

// The contract does not forbid extra fields on ImageContent (unlike TextContent); they are dropped.
export const ImageContent = Type.Object(
  {
    cache_prompt: Type.Optional(Type.Boolean({ default: false })),
    type: Type.Optional(Type.Literal('image', { default: 'image' })),
    image_urls: Type.Array(Type.String()),
  },
  { title: 'ImageContent' },
);
export type ImageContentInput = Static<typeof ImageContent>;
export interface ImageContent {
  cache_prompt: boolean;
  type: 'image';
  image_urls: string[];
}

export const ContentItem = Type.Union([TextContent, ImageContent]);
export type ContentItemInput = Static<typeof ContentItem>;
export type ContentItem = TextContent | ImageContent;

export function normalizeContent(item: ContentItemInput): ContentItem {
  if ('text' in item && typeof item.text === 'string') {
    return { cache_prompt: item.cache_prompt ?? false, type: 'text', text: item.text };
  }
  const image = item as ImageContentInput;
  return { cache_prompt: image.cache_prompt ?? false, type: 'image', image_urls: [...image.image_urls] };
}

export function textContent(text: string): TextContent {
  return { cache_prompt: false, type: 'text', text };
}

export const MessageToolCall = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    arguments: Type.String(),
    origin: StringEnum(['completion', 'responses'] as const),
  },
  { title: 'MessageToolCall' },
);
export type MessageToolCall = Static<typeof MessageToolCall>;

export const ThinkingBlock = Type.Object(
  {
    type: Type.Optional(Type.Literal('thinking', { default: 'thinking' })),
    thinking: Type.String(),
    signature: Type.String(),
  },
  { title: 'ThinkingBlock' },
);
export interface ThinkingBlock {
  type: 'thinking';
  thinking: string;
  signature: string;
}

export const RedactedThinkingBlock = Type.Object(
  {
    type: Type.Optional(Type.Literal('redacted_thinking', { default: 'redacted_thinking' })),
    data: Type.String(),
  },
  { title: 'RedactedThinkingBlock' },
);
export interface RedactedThinkingBlock {
  type: 'redacted_thinking';
  data: string;
}

export const AnyThinkingBlock = Type.Union([ThinkingBlock, RedactedThinkingBlock]);
export type AnyThinkingBlockInput = Static<typeof AnyThinkingBlock>;
export type AnyThinkingBlock = ThinkingBlock | RedactedThinkingBlock;

export function normalizeThinkingBlock(block: AnyThinkingBlockInput): AnyThinkingBlock {
  if ('data' in block && typeof block.data === 'string' && !('thinking' in block)) {
    return { type: 'redacted_thinking', data: block.data };
  }
  const thinking = block as Static<typeof ThinkingBlock>;
  return { type: 'thinking', thinking: thinking.thinking, signature: thinking.signature };
}

export const ReasoningItemModel = Type.Object(
  {
    id: Type.Optional(Nullable(Type.String())),
    summary: Type.Optional(Type.Array(Type.String())),
    content: Type.Optional(Nullable(Type.Array(Type.String()))),
    encrypted_content: Type.Optional(Nullable(Type.String())),
    status: Type.Optional(Nullable(Type.String())),
  },
  { title: 'ReasoningItemModel' },
);
export type ReasoningItemModelInput = Static<typeof ReasoningItemModel>;
export interface ReasoningItemModel {
  id: string | null;
  summary: string[];
  content: string[] | null;
  encrypted_content: string | null;
  status: string | null;
}

export function normalizeReasoningItem(item: ReasoningItemModelInput): ReasoningItemModel {
  return {
    id: item.id ?? null,
    summary: [...(item.summary ?? [])],
    content: item.content ? [...item.content] : null,
    encrypted_content: item.encrypted_content ?? null,
    status: item.status ?? null,
  };
}

export const Message = Type.Object(
  {
    role: StringEnum(MESSAGE_ROLES),
    content: Type.Optional(Type.Array(ContentItem)),
    cache_enabled: Type.Optional(Type.Boolean({ default: false })),
    vision_enabled: Type.Optional(Type.Boolean({ default: false })),
    function_calling_enabled: Type.Optional(Type.Boolean({ default: false })),
    tool_calls: Type.Optional(Nullable(Type.Array(MessageToolCall))),
    tool_call_id: Type.Optional(Nullable(Type.String())),
    name: Type.Optional(Nullable(Type.String())),
    force_string_serializer: Type.Optional(Type.Boolean({ default: false })),
    send_reasoning_content: Type.Optional(Type.Boolean({ default: false })),
    reasoning_content: Type.Optional(Nullable(Type.String())),
    thinking_blocks: Type.Optional(Type.Array(AnyThinkingBlock)),
    responses_reasoning_item: Type.Optional(Nullable(ReasoningItemModel)),
  },
  { title: 'Message' },
);
/** What `normalizeMessage` accepts: the schema's shape, plus a plain string as `content` (15.10). */
export type MessageInput = Omit<Static<typeof Message>, 'content'> & { content?: string | ContentItemInput[] };
export interface Message {
  role: MessageRole;
  content: ContentItem[];
  cache_enabled: boolean;
  vision_enabled: boolean;
  function_calling_enabled: boolean;
  tool_calls: MessageToolCall[] | null;
  tool_call_id: string | null;
  name: string | null;
  force_string_serializer: boolean;
  send_reasoning_content: boolean;
  reasoning_content: string | null;
  thinking_blocks: AnyThinkingBlock[];
  responses_reasoning_item: ReasoningItemModel | null;
}

export function normalizeMessage(input: MessageInput): Message {
  const content = typeof input.content === 'string' ? [textContent(input.content)] : (input.content ?? []).map(normalizeContent);
  return {
    role: input.role,
    content,
    cache_enabled: input.cache_enabled ?? false,
    vision_enabled: input.vision_enabled ?? false,
    function_calling_enabled: input.function_calling_enabled ?? false,
    tool_calls: input.tool_calls
      ? input.tool_calls.map((call) => ({ id: call.id, name: call.name, arguments: call.arguments, origin: call.origin }))
      : null,
    tool_call_id: input.tool_call_id ?? null,
    name: input.name ?? null,
    force_string_serializer: input.force_string_serializer ?? false,
    send_reasoning_content: input.send_reasoning_content ?? false,
    reasoning_content: input.reasoning_content ?? null,
    thinking_blocks: (input.thinking_blocks ?? []).map(normalizeThinkingBlock),
    responses_reasoning_item: isPlainObject(input.responses_reasoning_item)
      ? normalizeReasoningItem(input.responses_reasoning_item)
      : null,
  };
}
