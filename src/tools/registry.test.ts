import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidToolParamsError, UnknownToolError } from './errors.js';
import { observationToLlmContent } from './llm-content.js';
import { createTools, listToolNames, normalizeToolName } from './registry.js';
import type { Json } from './types.js';

/** The schema without descriptions: the shape agent.md 5.2 pins. */
function shape(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(shape);
  if (typeof schema !== 'object' || schema === null) return schema;
  return Object.fromEntries(
    Object.entries(schema as Json)
      .filter(([key]) => key !== 'description')
      .map(([key, value]) => [key, key === 'properties' ? Object.fromEntries(Object.entries(value as Json).map(([name, property]) => [name, shape(property)])) : shape(value)]),
  );
}

describe('registry', () => {
  it('lists the registered tools', () => {
    assert.deepEqual(listToolNames(), ['terminal', 'file_editor', 'task_tracker', 'glob', 'grep', 'planning_file_editor']);
  });

  it('creates the requested tools in order, then finish and think', () => {
    const tools = createTools([{ name: 'terminal' }, { name: 'file_editor' }, { name: 'task_tracker' }]);
    assert.deepEqual(tools.map((tool) => tool.name), ['terminal', 'file_editor', 'task_tracker', 'finish', 'think']);
    assert.deepEqual(tools.map((tool) => tool.isReadOnly), [false, false, false, true, true]);
  });

  it('accepts the class-style names and ignores explicit finish/think', () => {
    const tools = createTools([
      { name: 'TerminalTool', params: { no_change_timeout_seconds: 2 } },
      { name: 'FileEditorTool' },
      { name: 'TaskTrackerTool' },
      { name: 'GlobTool' },
      { name: 'GrepTool', params: null },
      { name: 'FinishTool' },
    ]);
    assert.deepEqual(tools.map((tool) => tool.name), ['terminal', 'file_editor', 'task_tracker', 'glob', 'grep', 'finish', 'think']);
    assert.equal(normalizeToolName('BrowserToolSet'), 'browser_tool_set');
    assert.equal(normalizeToolName('planning_file_editor'), 'planning_file_editor');
    assert.equal(normalizeToolName('HTTPServerTool'), 'http_server');
    assert.equal(normalizeToolName('MCPToolSet'), 'mcp_tool_set');
    // A client can send any name: a long run of capitals must not make the server backtrack
    // (this took about 17 s at this length with the old pattern).
    assert.equal(normalizeToolName('X'.repeat(200_000)), 'x'.repeat(200_000));
  });

  it('refuses an unknown tool with the available names, and a tool listed twice', () => {
    assert.throws(
      () => createTools([{ name: 'browser_tool_set' }]),
      (error: unknown) =>
        error instanceof UnknownToolError &&
        error.code === 'invalid_request' &&
        error.message.includes("Unknown tool 'browser_tool_set'") &&
        error.message.includes('terminal, file_editor, task_tracker, glob, grep'),
    );
    assert.throws(() => createTools([{ name: 'terminal' }, { name: 'TerminalTool' }]), InvalidToolParamsError);
  });

  it('refuses a param the tool does not take, for every tool (agent.md 2.1 step 3.1, 5.1)', () => {
    for (const name of listToolNames()) {
      assert.throws(
        () => createTools([{ name, params: { bogus: 1 } }]),
        (error: unknown) =>
          error instanceof InvalidToolParamsError &&
          error.code === 'invalid_request' &&
          error.message.includes(`Invalid params for tool '${name}': unknown param 'bogus'`),
        name,
      );
    }
    // Only the terminal takes params; the others say so.
    assert.throws(() => createTools([{ name: 'FileEditorTool', params: { workingDir: '/tmp' } }]), /file_editor takes no params/);
    assert.throws(() => createTools([{ name: 'terminal', params: { colour: true } }]), /accepted: username, no_change_timeout_seconds, terminal_type, shell_path/);
    const terminal = createTools([{ name: 'terminal', params: { username: 'me', no_change_timeout_seconds: 5, terminal_type: 'subprocess', shell_path: '/bin/bash' } }]);
    assert.equal(terminal[0].name, 'terminal');
  });

  it('sends the LLM the parameter shapes of agent.md 5.2', () => {
    const tools = createTools([{ name: 'terminal' }, { name: 'file_editor' }, { name: 'task_tracker' }, { name: 'glob' }, { name: 'grep' }]);
    const byName = Object.fromEntries(tools.map((tool) => [tool.name, tool.parameters]));
    assert.deepEqual(shape(byName.terminal), {
      type: 'object',
      properties: { command: { type: 'string' }, is_input: { type: 'boolean' }, timeout: { type: 'number' }, reset: { type: 'boolean' } },
      required: ['command'],
    });
    assert.deepEqual(shape(byName.file_editor), {
      type: 'object',
      properties: {
        command: { type: 'string', enum: ['view', 'create', 'str_replace', 'insert', 'undo_edit'] },
        path: { type: 'string' },
        file_text: { type: 'string' },
        old_str: { type: 'string' },
        new_str: { type: 'string' },
        insert_line: { type: 'integer' },
        view_range: { type: 'array', items: { type: 'integer' } },
      },
      required: ['command', 'path'],
    });
    assert.deepEqual(shape(byName.task_tracker), {
      type: 'object',
      properties: {
        command: { type: 'string', enum: ['view', 'plan'] },
        task_list: {
          type: 'array',
          items: {
            type: 'object',
            properties: { title: { type: 'string' }, notes: { type: 'string' }, status: { type: 'string', enum: ['todo', 'in_progress', 'done'] } },
            required: ['title'],
          },
        },
      },
      required: [],
    });
    assert.deepEqual(shape(byName.finish), { type: 'object', properties: { message: { type: 'string' } }, required: ['message'] });
    assert.deepEqual(shape(byName.think), { type: 'object', properties: { thought: { type: 'string' } }, required: ['thought'] });
    assert.deepEqual(shape(byName.glob), { type: 'object', properties: { pattern: { type: 'string' }, path: { type: 'string' } }, required: ['pattern'] });
    assert.deepEqual(shape(byName.grep), {
      type: 'object',
      properties: { pattern: { type: 'string' }, path: { type: 'string' }, include: { type: 'string' } },
      required: ['pattern'],
    });
    // Only the read-only think, glob and grep carry a top-level description (agent.md 5.2).
    assert.deepEqual(
      tools.filter((tool) => 'description' in tool.parameters).map((tool) => tool.name),
      ['glob', 'grep', 'think'],
    );
    for (const tool of tools) assert.ok(tool.description.length > 100, `${tool.name} has a description`);
  });

  it('renders stored observations by kind for the LLM', () => {
    const terminal = {
      kind: 'TerminalObservation',
      content: [{ cache_prompt: false, type: 'text', text: 'hi' }],
      is_error: false,
      command: 'echo hi',
      exit_code: null,
      timeout: false,
      metadata: { exit_code: 0, pid: -1, username: 'u', hostname: 'h', working_dir: '/w', py_interpreter_path: '', prefix: '', suffix: '\n[The command completed with exit code 0.]' },
      full_output_save_dir: null,
    };
    assert.deepEqual(observationToLlmContent(terminal), [
      { cache_prompt: false, type: 'text', text: 'hi\n[The command completed with exit code 0.]\n[Current working directory: /w]\n[Command finished with exit code 0]' },
    ]);
    const failed = { kind: 'FileEditorObservation', content: [{ cache_prompt: false, type: 'text', text: 'boom' }], is_error: true };
    assert.deepEqual(observationToLlmContent(failed), [{ cache_prompt: false, type: 'text', text: '[An error occurred during execution.]\nboom' }]);
  });
});
