import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LlmBadRequestError, LlmFunctionCallValidationError } from '../errors.js';
import type { LlmMessage, LlmToolSpec } from '../types.js';
import { convertToTextToolCalling, nextToolCallNumber, parseTextToolCall, shouldIncludeExample } from './index.js';

const terminal: LlmToolSpec = {
  name: 'terminal',
  description: 'Run a bash command.',
  parameters: {
    type: 'object',
    properties: {
      command: { type: 'string', description: 'The command.' },
      timeout: { type: ['integer', 'null'], description: 'Seconds.' },
      security_risk: { type: 'string', enum: ['UNKNOWN', 'LOW', 'MEDIUM', 'HIGH'], description: 'Risk.' },
    },
    required: ['command', 'security_risk'],
  },
};
const editor: LlmToolSpec = {
  name: 'file_editor',
  description: 'Edit files.',
  parameters: {
    type: 'object',
    properties: {
      command: { type: 'string', enum: ['view', 'create'], description: 'What to do.' },
      path: { type: 'string', description: 'Absolute path.' },
      view_range: { anyOf: [{ type: 'array', items: { type: 'integer' } }, { type: 'null' }], description: 'Lines.' },
      security_risk: { type: 'string', enum: ['UNKNOWN', 'LOW', 'MEDIUM', 'HIGH'], description: 'Risk.' },
    },
    required: ['command', 'path', 'security_risk'],
  },
};
const finish: LlmToolSpec = { name: 'finish', description: 'Finish.', parameters: { type: 'object', properties: { message: { type: 'string', description: 'Summary.' } }, required: ['message'] } };
const tools = [terminal, editor, finish];

const text = (value: string) => ({ type: 'text' as const, text: value });

describe('convertToTextToolCalling', () => {
  const history: LlmMessage[] = [
    { role: 'system', content: [text('You are an agent.')] },
    { role: 'user', content: [text('List the files.')] },
    { role: 'assistant', content: [text('Listing.')], toolCalls: [{ id: 'toolu_01', name: 'terminal', arguments: '{"command":"ls","security_risk":"LOW"}' }] },
    { role: 'tool', toolCallId: 'toolu_01', toolName: 'terminal', content: [text('a.txt')] },
  ];

  it('describes the tools in the system message', () => {
    const [system] = convertToTextToolCalling(history, tools, { includeExample: false });
    const systemText = (system.content[0] as { text: string }).text;
    assert.ok(systemText.startsWith('You are an agent.'));
    assert.match(systemText, /---- BEGIN FUNCTION #1: terminal ----\nDescription: Run a bash command\.\nParameters:\n {2}\(1\) command \(string, required\): The command\./);
    assert.match(systemText, /\(2\) timeout \(integer, optional\): Seconds\./);
    assert.match(systemText, /Allowed values: \[`UNKNOWN`, `LOW`, `MEDIUM`, `HIGH`\]/);
    assert.match(systemText, /---- END FUNCTION #3 ----/);
  });

  it('turns tool calls into text and tool results into user messages', () => {
    const converted = convertToTextToolCalling(history, tools, { includeExample: false });
    assert.deepEqual(converted[2], {
      role: 'assistant',
      content: [text('Listing.\n\n<function=terminal>\n<parameter=command>ls</parameter>\n<parameter=security_risk>LOW</parameter>\n</function>')],
      toolCalls: [],
    });
    assert.deepEqual(converted[3], { role: 'user', content: [text('EXECUTION RESULT of [terminal]:\na.txt')] });
  });

  it('wraps the first user message with an example built from the available tools', () => {
    const converted = convertToTextToolCalling(history, [terminal, finish], { includeExample: true });
    const user = converted[1] as Extract<LlmMessage, { role: 'user' }>;
    assert.equal(user.content.length, 3);
    const example = (user.content[0] as { text: string }).text;
    assert.match(example, /<function=terminal>\n<parameter=command>pwd && ls<\/parameter>\n<parameter=security_risk>LOW<\/parameter>\n<\/function>/);
    assert.match(example, /<function=finish>/);
    assert.doesNotMatch(example, /file_editor|task_tracker/);
    assert.deepEqual(user.content[1], text('List the files.'));
    assert.match((user.content[2] as { text: string }).text, /at most one function call/);
  });

  it('skips the example for models trained on the format', () => {
    assert.equal(shouldIncludeExample('openai/devstral-small'), false);
    assert.equal(shouldIncludeExample('litellm_proxy/openhands-lm-32b'), false);
    assert.equal(shouldIncludeExample('openai/qwen'), true);
  });

  it('rejects an assistant message with parallel tool calls', () => {
    const parallel: LlmMessage[] = [{ role: 'assistant', content: [], toolCalls: [
      { id: 'a', name: 'terminal', arguments: '{}' }, { id: 'b', name: 'terminal', arguments: '{}' },
    ] }];
    assert.throws(() => convertToTextToolCalling(parallel, tools, { includeExample: false }), LlmBadRequestError);
  });

  it('counts the calls in the history for the next id', () => assert.equal(nextToolCallNumber(history), 2));
});

describe('parseTextToolCall', () => {
  it('returns plain text when there is no call', () => {
    assert.deepEqual(parseTextToolCall('All done.', tools, 1), { content: 'All done.', toolCall: null });
  });

  it('parses a call, typed values and the text before it', () => {
    const reply = 'Let me look.\n\n<function=file_editor>\n<parameter=command>view</parameter>\n<parameter=path>/w/a.py</parameter>\n<parameter=view_range>[1, 5]</parameter>\n<parameter=security_risk>LOW</parameter>\n</function>';
    const parsed = parseTextToolCall(reply, tools, 3);
    assert.equal(parsed.content, 'Let me look.\n\n');
    assert.deepEqual(parsed.toolCall, {
      id: 'toolu_03',
      name: 'file_editor',
      arguments: JSON.stringify({ command: 'view', path: '/w/a.py', view_range: [1, 5], security_risk: 'LOW' }),
    });
  });

  it('closes a call cut off by the stop sequence and keeps string values verbatim', () => {
    const parsed = parseTextToolCall('<function=terminal>\n<parameter=command>\nls -la\n</parameter>\n<parameter=timeout> 30 </parameter>\n<parameter=security_risk>LOW</parameter>\n', tools, 12);
    assert.equal(parsed.toolCall?.id, 'toolu_12');
    assert.deepEqual(JSON.parse(parsed.toolCall?.arguments ?? ''), { command: '\nls -la\n', timeout: 30, security_risk: 'LOW' });
  });

  it('repairs <parameter=a=b</parameter>', () => {
    const parsed = parseTextToolCall('<function=finish>\n<parameter=message=done</parameter>\n</function>', tools, 1);
    assert.deepEqual(JSON.parse(parsed.toolCall?.arguments ?? ''), { message: 'done' });
  });

  const failures: Array<[string, string, RegExp]> = [
    ['unknown function', '<function=browse>\n</function>', /function 'browse' does not exist.*'terminal', 'file_editor', 'finish'/],
    ['unknown parameter', '<function=finish>\n<parameter=message>x</parameter>\n<parameter=extra>y</parameter>\n</function>', /parameter 'extra' is not allowed/],
    ['missing required', '<function=terminal>\n<parameter=command>ls</parameter>\n</function>', /Missing required parameters.*'security_risk'/],
    ['non-integer', '<function=terminal>\n<parameter=command>ls</parameter>\n<parameter=timeout>soon</parameter>\n<parameter=security_risk>LOW</parameter>\n</function>', /must be an integer/],
    ['non-JSON array', '<function=file_editor>\n<parameter=command>view</parameter>\n<parameter=path>/a</parameter>\n<parameter=view_range>1-5</parameter>\n<parameter=security_risk>LOW</parameter>\n</function>', /must be a JSON array/],
    ['value outside the enum', '<function=file_editor>\n<parameter=command>delete</parameter>\n<parameter=path>/a</parameter>\n<parameter=security_risk>LOW</parameter>\n</function>', /must be one of 'view', 'create'/],
  ];
  for (const [title, reply, pattern] of failures) {
    it(`rejects ${title}`, () => {
      assert.throws(() => parseTextToolCall(reply, tools, 1), (error: unknown) => {
        assert.ok(error instanceof LlmFunctionCallValidationError);
        assert.equal(error.code, 'FunctionCallValidationError');
        assert.match(error.message, pattern);
        return true;
      });
    });
  }
});
