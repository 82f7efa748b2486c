import { resolveFinishReason } from './finish-reason.js';
import { newAnthropicToolUseId, newBedrockToolUseId, newOpenAiToolCallId } from './ids.js';
import type { LlmProtocol, ScriptedReply } from './types.js';

export interface ResolvedToolCall {
  id: string;
  name: string;
  /** The exact argument string the model "produced"; may be invalid JSON if the script says so. */
  argumentsJson: string;
}

export interface ResolvedUsage {
  promptTokens: number;
  completionTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  reasoningTokens: number;
}

/** A scripted reply with every default filled in, ready for a protocol renderer. */
export interface ResolvedReply {
  text: string | undefined;
  reasoning: string | undefined;
  toolCalls: ResolvedToolCall[];
  usage: ResolvedUsage;
  /** Canonical (`stop`, `tool_calls`, `length`) or a scripted word passed through. */
  finishReason: string;
  tokenIds: { prompt: number[]; response: number[] };
}

// Non-zero defaults, so a client that forgets to read usage shows up as zeros in its stats.
const defaultPromptTokens = 10;
const defaultCompletionTokens = 5;

function newToolCallId(protocol: LlmProtocol): string {
  if (protocol === 'anthropic') return newAnthropicToolUseId();
  if (protocol === 'bedrock') return newBedrockToolUseId();
  return newOpenAiToolCallId();
}

export function resolveReply(reply: ScriptedReply, protocol: LlmProtocol): ResolvedReply {
  const toolCalls = (reply.toolCalls ?? []).map((toolCall) => ({
    id: toolCall.id ?? newToolCallId(protocol),
    name: toolCall.name,
    argumentsJson:
      typeof toolCall.arguments === 'string' ? toolCall.arguments : JSON.stringify(toolCall.arguments),
  }));
  const usage = {
    promptTokens: reply.usage?.promptTokens ?? defaultPromptTokens,
    completionTokens: reply.usage?.completionTokens ?? defaultCompletionTokens,
    cacheReadTokens: reply.usage?.cacheReadTokens ?? 0,
    cacheWriteTokens: reply.usage?.cacheWriteTokens ?? 0,
    reasoningTokens: reply.usage?.reasoningTokens ?? 0,
  };
  const countingFromOne = (count: number) => Array.from({ length: count }, (_, index) => index + 1);
  return {
    text: reply.text,
    reasoning: reply.reasoning,
    toolCalls,
    usage,
    finishReason: resolveFinishReason({ scripted: reply.finishReason, hasToolCalls: toolCalls.length > 0 }),
    tokenIds: reply.tokenIds ?? { prompt: countingFromOne(usage.promptTokens), response: countingFromOne(usage.completionTokens) },
  };
}

/**
 * A scripted call's arguments as a JSON object, for protocols whose unstreamed answers can carry
 * nothing else. A script asking for anything else is a mistake in the test, so it says so (`why`)
 * instead of inventing an input.
 */
export function objectArguments(toolCall: ResolvedToolCall, why: string): Record<string, unknown> {
  let input: unknown;
  try {
    input = JSON.parse(toolCall.argumentsJson);
  } catch {
    input = undefined;
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new Error(`tool call '${toolCall.name}' has arguments that are not a JSON object (${toolCall.argumentsJson}); ${why}`);
  }
  return input as Record<string, unknown>;
}
