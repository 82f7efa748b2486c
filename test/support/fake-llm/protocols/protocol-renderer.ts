import type { ResolvedReply } from '../resolve-reply.js';
import type { RecordedRequest } from '../types.js';

/** One server-sent event; `event` is omitted by OpenAI Chat Completions, which sends bare `data:` lines. */
export interface SseEvent {
  event?: string;
  data: string;
}

export interface RenderContext {
  reply: ResolvedReply;
  request: RecordedRequest;
  /** Echoes the request's `model`, as real providers do (modulo dated aliases). */
  model: string;
  createdAtSeconds: number;
}

/**
 * Everything protocol-specific about answering one request. Renderers are pure: they build
 * JSON values and event lists, and `answer-request.ts` does the I/O.
 */
export interface ProtocolRenderer {
  /** The response header that carries a request id in the real API. */
  readonly requestIdHeader: string;
  /** The request id in the real API's format; `req_…` when absent. */
  newRequestId?(): string;
  /** Returns why the real API would reject this body, or undefined when it is acceptable. */
  validateRequestBody(body: Record<string, unknown>): string | undefined;
  renderBody(context: RenderContext): Record<string, unknown>;
  renderStream(context: RenderContext): SseEvent[];
  renderError(options: { status: number; message?: string }): Record<string, unknown>;
  /** Headers an error answer carries besides the request id (Bedrock names the exception in one). */
  errorHeaders?(status: number): Record<string, string>;
}
