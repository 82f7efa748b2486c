/**
 * The LLM layer's public shapes. The agent speaks only these; provider JSON stays inside `llm/`.
 * (style.md 2.2/2.4: `llm/` never imports `tools/`; it receives tool specs as plain data.)
 */

export interface LlmTextPart {
  type: 'text';
  text: string;
  /**
   * Prompt-caching breakpoint (Anthropic `cache_control`). The client places the two breakpoints of
   * agent.md 11.5 itself when caching is active; callers need not set it. Extra marks a caller sets
   * are kept while caching is active and removed otherwise.
   */
  cacheControl?: boolean;
}

export interface LlmImagePart {
  type: 'image';
  /** http(s) URL or `data:` URI. */
  url: string;
}

export type LlmContentPart = LlmTextPart | LlmImagePart;

export interface LlmToolCall {
  id: string;
  name: string;
  /** The arguments exactly as the model produced them (JSON text, possibly invalid). */
  arguments: string;
}

/** Anthropic extended-thinking blocks, kept and sent back unchanged (agent.md 11.7). */
export type LlmThinkingBlock =
  | { type: 'thinking'; thinking: string; signature: string | null }
  | { type: 'redacted_thinking'; data: string };

export type LlmMessage =
  | { role: 'system'; content: LlmTextPart[] }
  | { role: 'user'; content: LlmContentPart[] }
  | {
      role: 'assistant';
      content: LlmTextPart[];
      toolCalls: LlmToolCall[];
      reasoningContent?: string | null;
      thinkingBlocks?: LlmThinkingBlock[];
      /** OpenAI Responses API reasoning item, round-tripped (opaque). */
      responsesReasoningItem?: Record<string, unknown> | null;
    }
  | { role: 'tool'; toolCallId: string; toolName: string; content: LlmContentPart[] };

export interface LlmToolSpec {
  name: string;
  description: string;
  /** JSON Schema of the arguments (object). */
  parameters: Record<string, unknown>;
}

export interface LlmUsage {
  promptTokens: number;
  completionTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  reasoningTokens: number;
}

export type LlmFinishReason = 'stop' | 'tool_calls' | 'length' | 'content_filter' | 'error' | 'other';

export interface LlmRequest {
  messages: LlmMessage[];
  tools: LlmToolSpec[];
  signal?: AbortSignal;
}

export interface LlmResponse {
  /** Provider response id (`chatcmpl-…`, `msg_…`, `resp_…`). */
  id: string;
  model: string;
  text: string;
  toolCalls: LlmToolCall[];
  reasoningContent: string | null;
  thinkingBlocks: LlmThinkingBlock[];
  responsesReasoningItem: Record<string, unknown> | null;
  finishReason: LlmFinishReason;
  usage: LlmUsage;
  /** Cost of this call in USD (price table or the LLM's per-token overrides); 0 when unknown. */
  cost: number;
  /** Seconds from the start of the last (successful) attempt to the response (agent.md 11.10). */
  latencySeconds: number;
  /** Context window of the model when known, else 0. */
  contextWindow: number;
  /** Token ids a vLLM-style server returned for `return_token_ids` (api.md 14.4.13); null otherwise. */
  tokenIds: { prompt: number[]; response: number[] } | null;
}

/** One configured LLM (one `LLM` object of the contract, normalized), ready to call. */
export interface LlmClient {
  readonly model: string;
  readonly usageId: string;
  complete(request: LlmRequest): Promise<LlmResponse>;
}
