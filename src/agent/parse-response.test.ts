import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { LlmResponse, LlmToolCall } from '../llm/index.js';
import { parseResponse, type ParsedCall, type ParsingTool } from './parse-response.js';

const terminal: ParsingTool = {
  name: 'terminal',
  isReadOnly: false,
  parameters: { type: 'object', properties: { command: { type: 'string' }, view_range: { type: 'array', items: { type: 'integer' } } }, required: ['command'] },
  parseArguments(raw) {
    const args = raw as Record<string, unknown>;
    const unknown = Object.keys(args).filter((key) => key !== 'command' && key !== 'view_range');
    if (unknown.length > 0) return { ok: false, error: `unknown field ${unknown[0]}` };
    if (typeof args.command !== 'string') return { ok: false, error: 'command is required' };
    return { ok: true, action: { kind: 'TerminalAction', command: args.command, view_range: args.view_range ?? null } };
  },
};

const think: ParsingTool = {
  name: 'think',
  isReadOnly: true,
  parameters: { type: 'object', properties: { thought: { type: 'string' } }, required: ['thought'] },
  parseArguments: (raw) => ({ ok: true, action: { kind: 'ThinkAction', thought: (raw as { thought: string }).thought } }),
};

function response(overrides: Partial<LlmResponse>): LlmResponse {
  return {
    id: 'chatcmpl-1',
    model: 'gpt',
    text: '',
    toolCalls: [],
    reasoningContent: null,
    thinkingBlocks: [],
    responsesReasoningItem: null,
    finishReason: 'stop',
    usage: { promptTokens: 1, completionTokens: 1, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 },
    cost: 0,
    latencySeconds: 0,
    contextWindow: 0,
    tokenIds: null,
    ...overrides,
  };
}

const call = (name: string, args: string, id = 'call-1'): LlmToolCall => ({ id, name, arguments: args });

function calls(toolCalls: LlmToolCall[], options: { analyzer?: boolean; text?: string } = {}): ParsedCall[] {
  const parsed = parseResponse(response({ toolCalls, text: options.text ?? '' }), { tools: [terminal, think], requireSecurityRisk: options.analyzer ?? false });
  assert.equal(parsed.kind, 'actions');
  return parsed.kind === 'actions' ? parsed.calls : [];
}

function only(toolCall: LlmToolCall, options: { analyzer?: boolean } = {}): ParsedCall {
  const [parsed] = calls([toolCall], options);
  return parsed;
}

describe('parseResponse', () => {
  test('a reply without tool calls is an agent message; non-blank text makes it final', () => {
    const parsed = parseResponse(response({ text: 'Hello!' }), { tools: [], requireSecurityRisk: false });
    assert.equal(parsed.kind, 'message');
    if (parsed.kind !== 'message') return;
    assert.equal(parsed.isFinal, true);
    assert.equal(parsed.draft.source, 'agent');
    assert.equal(parsed.draft.fields.llm_response_id, 'chatcmpl-1');
    const message = parsed.draft.fields.llm_message as Record<string, unknown>;
    assert.equal(message.role, 'assistant');
    assert.deepEqual(message.content, [{ cache_prompt: false, type: 'text', text: 'Hello!' }]);
  });

  for (const [name, overrides] of [
    ['reasoning only', { reasoningContent: 'hmm' }],
    ['blank text', { text: '  \n' }],
  ] as const) {
    test(`${name} is not final`, () => {
      const parsed = parseResponse(response(overrides), { tools: [], requireSecurityRisk: false });
      assert.equal(parsed.kind === 'message' && parsed.isFinal, false);
    });
  }

  test('a valid call becomes an action with the stated risk, and security_risk leaves the arguments', () => {
    const parsed = only(call('terminal', '{"command":"ls","security_risk":"LOW"}'));
    assert.equal(parsed.error, null);
    assert.deepEqual(parsed.action.fields.action, { kind: 'TerminalAction', command: 'ls', view_range: null });
    assert.equal(parsed.action.fields.security_risk, 'LOW');
    assert.deepEqual(parsed.action.fields.tool_call, { id: 'call-1', name: 'terminal', arguments: '{"command":"ls","security_risk":"LOW"}', origin: 'completion' });
  });

  test('an unknown tool gets action null and an error listing the tools in order', () => {
    const parsed = only(call('nope', '{}'));
    assert.equal(parsed.action.fields.action, null);
    assert.equal(parsed.action.fields.tool_name, 'nope');
    assert.deepEqual(parsed.error?.fields, { tool_name: 'nope', tool_call_id: 'call-1', error: "Tool 'nope' not found. Available: ['terminal', 'think']" });
  });

  const invalid: [string, string, RegExp][] = [
    ['truncated JSON', '{"command": "ls"', /invalid JSON/],
    ['a JSON array', '[1]', /must be a JSON object/],
    ['a missing required field', '{"security_risk":"LOW"}', /command is required/],
    ['an unknown field', '{"command":"ls","security_risk":"LOW","bogus":1}', /unknown field bogus/],
    ['a risk outside the enum', '{"command":"ls","security_risk":"EXTREME"}', /security_risk must be one of/],
  ];
  for (const [name, args, reason] of invalid) {
    test(`${name} gives action null and "Error validating args"`, () => {
      const parsed = only(call('terminal', args));
      assert.equal(parsed.action.fields.action, null);
      const error = String(parsed.error?.fields.error);
      assert.ok(error.startsWith(`Error validating args ${args} for tool 'terminal': `), error);
      assert.match(error, reason);
    });
  }

  test('with an analyzer a non-read-only tool must state its risk; without one it is UNKNOWN', () => {
    const required = only(call('terminal', '{"command":"ls"}'), { analyzer: true });
    assert.match(String(required.error?.fields.error), /Failed to provide security_risk field in tool 'terminal'/);
    const optional = only(call('terminal', '{"command":"ls"}'));
    assert.equal(optional.error, null);
    assert.equal(optional.action.fields.security_risk, 'UNKNOWN');
  });

  test('a read-only tool ignores a stated risk', () => {
    const parsed = only(call('think', '{"thought":"t","security_risk":"HIGH"}'), { analyzer: true });
    assert.equal(parsed.error, null);
    assert.equal(parsed.action.fields.security_risk, 'UNKNOWN');
    assert.deepEqual(parsed.action.fields.action, { kind: 'ThinkAction', thought: 't' });
  });

  test('a list sent as a JSON string is repaired (agent.md 3.5 step 3)', () => {
    const parsed = only(call('terminal', '{"command":"ls","view_range":"[2, 3]"}'));
    assert.deepEqual((parsed.action.fields.action as Record<string, unknown>).view_range, [2, 3]);
  });

  test('parallel calls share the response id; only the first carries thought and reasoning', () => {
    const parsed = parseResponse(
      response({
        text: 'Two thoughts',
        reasoningContent: 'why',
        thinkingBlocks: [{ type: 'thinking', thinking: 'deep', signature: 'sig' }],
        toolCalls: [call('think', '{"thought":"a"}', 'c1'), call('nope', '{}', 'c2'), call('think', '{"thought":"b"}', 'c3')],
      }),
      { tools: [terminal, think], requireSecurityRisk: false },
    );
    assert.equal(parsed.kind, 'actions');
    if (parsed.kind !== 'actions') return;
    const fields = parsed.calls.map((entry) => entry.action.fields);
    assert.deepEqual(fields.map((entry) => entry.llm_response_id), ['chatcmpl-1', 'chatcmpl-1', 'chatcmpl-1']);
    assert.deepEqual(fields[0].thought, [{ cache_prompt: false, type: 'text', text: 'Two thoughts' }]);
    assert.equal(fields[0].reasoning_content, 'why');
    assert.deepEqual(fields[0].thinking_blocks, [{ type: 'thinking', thinking: 'deep', signature: 'sig' }]);
    for (const later of fields.slice(1)) {
      assert.deepEqual(later.thought, []);
      assert.equal(later.reasoning_content, null);
      assert.deepEqual(later.thinking_blocks, []);
    }
    assert.deepEqual(parsed.calls.map((entry) => entry.error !== null), [false, true, false]);
  });

  test('calls of a Responses API reply are marked with that origin', () => {
    const parsed = parseResponse(response({ id: 'resp_1', toolCalls: [call('think', '{"thought":"a"}')] }), { tools: [think], requireSecurityRisk: false });
    assert.equal(parsed.kind === 'actions' && (parsed.calls[0].action.fields.tool_call as { origin: string }).origin, 'responses');
  });
});
