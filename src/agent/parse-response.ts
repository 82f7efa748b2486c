/**
 * An LLM response -> event drafts (agent.md 3.4-3.6). Pure: nothing is appended or executed here.
 *
 * No tool calls: one agent MessageEvent; the run finishes when its text is not blank.
 * Tool calls: one ActionEvent per call, all sharing `llm_response_id`; only the first carries the
 * reply's text (as `thought`), reasoning and thinking blocks. A call that cannot become an action
 * (unknown tool, arguments that are not JSON or do not validate, a bad or missing `security_risk`)
 * gets `action: null` and an AgentErrorEvent that the LLM sees as the call's result.
 */
import { actionDraft, agentErrorDraft, messageDraft, type EventDraft } from '../events/index.js';
import type { LlmResponse, LlmThinkingBlock, LlmToolCall } from '../llm/index.js';
import type { ParseResult } from '../tools/index.js';

type Json = Record<string, unknown>;

export const SECURITY_RISKS = ['UNKNOWN', 'LOW', 'MEDIUM', 'HIGH'] as const;
export type SecurityRisk = (typeof SECURITY_RISKS)[number];

/** The part of a tool the parser needs. */
export interface ParsingTool {
  readonly name: string;
  readonly parameters: Json;
  readonly isReadOnly: boolean;
  parseArguments(raw: unknown): ParseResult;
}

export interface ParseOptions {
  /** Tools in the order the LLM was given them. */
  tools: readonly ParsingTool[];
  /** With a security analyzer, non-read-only tools must state `security_risk` (agent.md 3.5 step 4). */
  requireSecurityRisk: boolean;
}

export interface ParsedCall {
  action: EventDraft;
  /** Set when the call could not become an action. */
  error: EventDraft | null;
}

export type ParsedResponse = { kind: 'message'; draft: EventDraft; isFinal: boolean } | { kind: 'actions'; calls: ParsedCall[] };

type ArgumentsResult = { ok: true; action: Json; risk: SecurityRisk } | { ok: false; error: string };

function textContent(text: string): Json[] {
  return text === '' ? [] : [{ cache_prompt: false, type: 'text', text }];
}

function wireThinkingBlocks(blocks: LlmThinkingBlock[]): Json[] {
  return blocks.map((block) =>
    block.type === 'thinking'
      ? { type: 'thinking', thinking: block.thinking, signature: block.signature }
      : { type: 'redacted_thinking', data: block.data },
  );
}

function pythonList(names: readonly string[]): string {
  return `[${names.map((name) => `'${name}'`).join(', ')}]`;
}

function declaredTypes(schema: unknown): string[] {
  if (typeof schema !== 'object' || schema === null) return [];
  const { type, anyOf } = schema as { type?: unknown; anyOf?: unknown[] };
  const own = Array.isArray(type) ? type.map(String) : typeof type === 'string' ? [type] : [];
  return [...own, ...(anyOf ?? []).flatMap(declaredTypes)];
}

/** agent.md 3.5 step 3: models sometimes send a list or object as a JSON string (`"[1, 5]"`). */
function repairStringifiedValues(args: Json, parameters: Json): Json {
  const properties = (parameters.properties as Record<string, unknown> | undefined) ?? {};
  const repaired: Json = { ...args };
  for (const [name, value] of Object.entries(args)) {
    if (typeof value !== 'string') continue;
    const types = declaredTypes(properties[name]);
    if (!types.includes('array') && !types.includes('object')) continue;
    try {
      const parsed: unknown = JSON.parse(value);
      if (typeof parsed === 'object' && parsed !== null) repaired[name] = parsed;
    } catch {
      // Not JSON: leave it for the schema check to report.
    }
  }
  return repaired;
}

function parseJsonObject(raw: string): { ok: true; value: Json } | { ok: false; error: string } {
  if (raw.trim() === '') return { ok: true, value: {} };
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, error: 'the arguments must be a JSON object' };
    return { ok: true, value: value as Json };
  } catch (error) {
    return { ok: false, error: `invalid JSON: ${(error as Error).message}` };
  }
}

/** agent.md 3.5 step 4: take `security_risk` out of the arguments and decide the action's risk. */
function extractRisk(args: Json, tool: ParsingTool, requireSecurityRisk: boolean): { ok: true; rest: Json; risk: SecurityRisk } | { ok: false; error: string } {
  const { security_risk: stated, ...rest } = args;
  if (tool.isReadOnly) return { ok: true, rest, risk: 'UNKNOWN' };
  if (stated === undefined) {
    return requireSecurityRisk ? { ok: false, error: `Failed to provide security_risk field in tool '${tool.name}'` } : { ok: true, rest, risk: 'UNKNOWN' };
  }
  if (!SECURITY_RISKS.includes(stated as SecurityRisk)) {
    return { ok: false, error: `security_risk must be one of ${SECURITY_RISKS.join(', ')}, got ${JSON.stringify(stated)}` };
  }
  return { ok: true, rest, risk: stated as SecurityRisk };
}

function parseArguments(call: LlmToolCall, tool: ParsingTool, requireSecurityRisk: boolean): ArgumentsResult {
  const fail = (reason: string): ArgumentsResult => ({ ok: false, error: `Error validating args ${call.arguments} for tool '${tool.name}': ${reason}` });
  const json = parseJsonObject(call.arguments);
  if (!json.ok) return fail(json.error);
  const risk = extractRisk(repairStringifiedValues(json.value, tool.parameters), tool, requireSecurityRisk);
  if (!risk.ok) return fail(risk.error);
  const parsed = tool.parseArguments(risk.rest);
  if (!parsed.ok) return fail(parsed.error);
  return { ok: true, action: parsed.action, risk: risk.risk };
}

/** The OpenAI Responses API names its responses `resp_…`; its calls are replayed differently. */
function callOrigin(response: LlmResponse): 'completion' | 'responses' {
  return response.id.startsWith('resp_') ? 'responses' : 'completion';
}

function parseCall(call: LlmToolCall, index: number, response: LlmResponse, options: ParseOptions): ParsedCall {
  const isFirst = index === 0;
  const tool = options.tools.find((candidate) => candidate.name === call.name);
  const result: ArgumentsResult = tool
    ? parseArguments(call, tool, options.requireSecurityRisk)
    : { ok: false, error: `Tool '${call.name}' not found. Available: ${pythonList(options.tools.map((candidate) => candidate.name))}` };
  const action = actionDraft({
    thought: isFirst ? textContent(response.text) : [],
    reasoning_content: isFirst ? response.reasoningContent : null,
    thinking_blocks: isFirst ? wireThinkingBlocks(response.thinkingBlocks) : [],
    responses_reasoning_item: isFirst ? response.responsesReasoningItem : null,
    action: result.ok ? result.action : null,
    tool_name: call.name,
    tool_call_id: call.id,
    tool_call: { id: call.id, name: call.name, arguments: call.arguments, origin: callOrigin(response) },
    llm_response_id: response.id,
    security_risk: result.ok ? result.risk : 'UNKNOWN',
  });
  const error = result.ok ? null : agentErrorDraft({ tool_name: call.name, tool_call_id: call.id, error: result.error });
  return { action, error };
}

export function parseResponse(response: LlmResponse, options: ParseOptions): ParsedResponse {
  if (response.toolCalls.length > 0) {
    return { kind: 'actions', calls: response.toolCalls.map((call, index) => parseCall(call, index, response, options)) };
  }
  const draft = messageDraft({
    source: 'agent',
    message: {
      role: 'assistant',
      content: textContent(response.text),
      reasoning_content: response.reasoningContent,
      thinking_blocks: wireThinkingBlocks(response.thinkingBlocks),
      responses_reasoning_item: response.responsesReasoningItem,
    },
    llmResponseId: response.id,
  });
  return { kind: 'message', draft, isFinal: response.text.trim() !== '' };
}
