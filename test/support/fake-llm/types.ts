import type { IncomingHttpHeaders } from 'node:http';

/** The wire protocol a request arrived on; chosen by the request path, never by the body. */
export type LlmProtocol = 'openai-chat' | 'openai-responses' | 'anthropic' | 'bedrock';

export interface ScriptedToolCall {
  /** Generated when absent: `call_…` for OpenAI, `toolu_…` for Anthropic, `tooluse_…` for Bedrock. */
  id?: string;
  name: string;
  /**
   * An object is serialised with JSON.stringify. A string is sent verbatim, so a test can
   * script truncated or otherwise invalid JSON (OpenAI chat/responses, Anthropic streaming).
   */
  arguments: string | object;
}

/**
 * Token counts are copied verbatim into each protocol's own fields; the fake does no
 * arithmetic except `total_tokens = prompt + completion`. Note that Anthropic's
 * `input_tokens` excludes cached tokens while OpenAI's `prompt_tokens` includes them:
 * script the number the protocol under test would report.
 */
export interface ScriptedUsage {
  promptTokens?: number;
  completionTokens?: number;
  cacheReadTokens?: number;
  cacheWriteTokens?: number;
  reasoningTokens?: number;
}

export interface ScriptedError {
  status: number;
  /** Sent verbatim (a string as-is, anything else as JSON). Absent: the protocol's own error shape. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Message for the generated error body when `body` is absent. */
  message?: string;
}

/** One model answer. Fields that do not apply to the protocol of the request are ignored. */
export interface ScriptedReply {
  text?: string;
  /** Several entries are parallel tool calls of one response. */
  toolCalls?: ScriptedToolCall[];
  /** Anthropic: a thinking block with a signature; OpenAI chat: `reasoning_content`; Responses: a reasoning item. */
  reasoning?: string;
  usage?: ScriptedUsage;
  /** Either protocol's vocabulary (`stop`/`end_turn`, `tool_calls`/`tool_use`, `length`/`max_tokens`); other words pass through. */
  finishReason?: string;
  /** Added to the fake's latency before the first byte. */
  delayMs?: number;
  error?: ScriptedError;
  /** Status 200 with a body that is not valid JSON, or an SSE stream that breaks off. */
  malformed?: true;
  /** Never answers, so a client timeout can be tested. */
  hang?: true;
  /**
   * OpenAI chat, unstreamed, when the request has `return_token_ids: true` (vLLM): the ids sent as
   * `prompt_token_ids` and `choices[0].token_ids`. Default: 1..n for the prompt and completion token counts.
   */
  tokenIds?: { prompt: number[]; response: number[] };
}

/** Builds a reply from the request, for scripts that must react to what the client sent. */
export type ReplyFactory = (request: RecordedRequest) => ScriptedReply;

export interface RecordedRequest {
  /** Position in `FakeLlm.requests`, starting at 0. */
  index: number;
  protocol: LlmProtocol;
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
  stream: boolean;
  /** Milliseconds since the epoch. */
  receivedAt: number;
  /** Bedrock only: how the request authenticated, as read from its headers. */
  aws?: AwsAuthSeen;
}

/** An AWS key pair the fake checks Bedrock signatures against (see `FakeLlm.setAwsCredentials`). */
export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/**
 * What a Bedrock request's `Authorization` header said. For SigV4 that is the credential scope
 * and the signed header names, never anything secret; `signatureVerified` is true when the fake
 * knew the key pair and recomputed the same signature (a wrong one gets a 403 instead).
 */
export type AwsAuthSeen =
  | {
      scheme: 'sigv4';
      accessKeyId: string;
      /** `YYYYMMDD` from the credential scope. */
      date: string;
      region: string;
      service: string;
      signedHeaders: string[];
      signatureVerified: boolean;
    }
  | { scheme: 'bearer' };

export interface FakeLlmOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
}

export interface FakeLlm {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** `${url}/v1`: OpenAI clients append `/chat/completions` or `/responses`. */
  readonly openaiBaseUrl: string;
  /** `${url}/v1`: `@ai-sdk/anthropic` and litellm append `/messages`; the official SDK wants `url`. */
  readonly anthropicBaseUrl: string;
  /** `url`: Bedrock clients append `/model/{modelId}/converse`, as to `https://bedrock-runtime.<region>.amazonaws.com`. */
  readonly bedrockBaseUrl: string;
  /** A copy of every accepted LLM request, in arrival order. */
  readonly requests: RecordedRequest[];
  /** Scripted replies not consumed yet. */
  readonly remainingReplies: number;
  /** Replies are consumed in order, one per LLM request, whatever the protocol. */
  enqueue(...replies: Array<ScriptedReply | ReplyFactory>): void;
  /** Used when the queue is empty. Default: HTTP 500 saying the script ran out. */
  setDefaultReply(reply: ScriptedReply | ReplyFactory): void;
  /** Delay added before every reply (on top of each reply's `delayMs`). */
  setLatency(milliseconds: number): void;
  /**
   * With a key pair, a Bedrock request signed with another key id or a wrong signature gets
   * Bedrock's 403; without (the default), only the form of the SigV4 header is checked.
   */
  setAwsCredentials(credentials: AwsCredentials | null): void;
  /** Resolves with the requests once at least `count` arrived; rejects after `timeoutMs` (default 5000). */
  waitForRequests(count: number, timeoutMs?: number): Promise<RecordedRequest[]>;
  close(): Promise<void>;
}
