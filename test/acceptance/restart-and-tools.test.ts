/**
 * Issue 3 items 1, 2, 6: the tool list and unknown tools, secrets in the terminal, and a run cut by
 * a restart in the middle of a tool, which comes back as `error` and runs again on a new message.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { startServer } from '../support/server.js';
import { workspaceDir } from '../support/fixtures.js';
import { PROTOCOLS, agentEvents, allEvents, createConversation, info, kinds, llmConfig, seen, sendMessage, textOf, waitForEvent, waitForStatus, withFake } from './support.js';

const [openai] = PROTOCOLS;

test('GET /api/tools/ lists the registry names; an unknown tool name is a 422 naming them', async () => {
  const server = await startServer();
  try {
    const tools = await server.request('GET', '/api/tools/');
    assert.equal(tools.status, 200);
    for (const name of ['terminal', 'file_editor', 'task_tracker', 'glob', 'grep']) assert.ok(tools.body.includes(name), name);
    assert.equal(tools.body.includes('finish'), false);
    const redirect = await server.request('GET', '/api/tools');
    assert.equal(redirect.status, 307);
    const created = await server.request('POST', '/api/conversations', {
      body: { agent: { llm: { model: 'openai/gpt-4o' }, tools: [{ name: 'TerminalTool' }, { name: 'browser_tool_set' }] }, workspace: { working_dir: workspaceDir() } },
    });
    assert.equal(created.status, 422);
    assert.equal(created.body.detail.length, 1);
    const [item] = created.body.detail;
    assert.deepEqual(item.loc, ['body', 'agent', 'tools', 1, 'name']);
    assert.equal(item.type, 'value_error');
    assert.match(item.msg, /browser_tool_set/);
    assert.match(item.msg, /terminal, file_editor/);
    assert.equal((await server.request('GET', '/api/conversations/count')).body, 0, 'nothing was created');
  } finally {
    await server.close({ removeData: true });
  }
});

test('planning_file_editor: creation prepares PLAN.md, the tool is listed, and only PLAN.md can be edited (agent.md 5.9)', () =>
  withFake(async (fake) => {
    const server = await startServer();
    try {
      const tools = await server.request('GET', '/api/tools/');
      assert.ok(tools.body.includes('planning_file_editor'));
      const workspace = workspaceDir();
      const plan = path.join(workspace, 'PLAN.md');
      const other = path.join(workspace, 'notes.md');
      fake.enqueue(
        {
          toolCalls: [
            { name: 'planning_file_editor', arguments: { command: 'insert', path: plan, insert_line: 1, new_str: 'Make it work.', security_risk: 'LOW' } },
            { name: 'planning_file_editor', arguments: { command: 'create', path: other, file_text: 'x', security_risk: 'LOW' } },
          ],
        },
        { text: 'planned' },
      );
      const scenario = await createConversation(server, fake, openai, { tools: [{ name: 'planning_file_editor' }], workspace });
      assert.match(readFileSync(plan, 'utf8'), /^# 1\. OBJECTIVE\n\n# 2\. CONTEXT SUMMARY\n/);
      const systemPrompt = (await allEvents(scenario)).find((event) => event.kind === 'SystemPromptEvent');
      const listed = systemPrompt.tools.find((tool: any) => tool.function.name === 'planning_file_editor');
      assert.ok(listed, 'the SystemPromptEvent lists the tool');
      assert.ok(listed.function.description.includes(plan));
      assert.ok(listed.function.parameters.required.includes('security_risk'), 'not read-only');

      await sendMessage(scenario, 'Plan it');
      await waitForStatus(scenario, 'finished');
      const events = await agentEvents(scenario);
      assert.deepEqual(events.filter((event) => event.kind === 'ActionEvent').map((event) => event.action.kind), ['PlanningFileEditorAction', 'PlanningFileEditorAction']);
      const [edited, refused] = events.filter((event) => event.kind === 'ObservationEvent').map((event) => event.observation);
      assert.deepEqual([edited.kind, edited.is_error, refused.kind, refused.is_error], ['PlanningFileEditorObservation', false, 'PlanningFileEditorObservation', true]);
      assert.match(textOf({ observation: refused }), /not allowed on .*notes\.md/);
      assert.match(readFileSync(plan, 'utf8'), /^# 1\. OBJECTIVE\nMake it work\.\n/);
      assert.equal(existsSync(other), false);
    } finally {
      await server.close({ removeData: true });
    }
  }));

test('a param the tool does not take is a 400 and stores nothing (agent.md 2.1 step 3.1)', async () => {
  const server = await startServer();
  try {
    const created = await server.request('POST', '/api/conversations', {
      body: { agent: { llm: { model: 'openai/gpt-4o' }, tools: [{ name: 'terminal' }, { name: 'FileEditorTool', params: { bogus: 1 } }] }, workspace: { working_dir: workspaceDir() } },
    });
    assert.equal(created.status, 400, created.text);
    assert.match(created.body.detail, /Invalid params for tool 'file_editor': unknown param 'bogus'/);
    assert.equal((await server.request('GET', '/api/conversations/count')).body, 0, 'nothing was created');
  } finally {
    await server.close({ removeData: true });
  }
});

test('the file_editor description offers images only when the LLM is sent them (agent.md 5.4)', async () => {
  const server = await startServer();
  try {
    const editorDescription = async (llm: Record<string, unknown>) => {
      const created = await server.request('POST', '/api/conversations', {
        body: { agent: { llm, tools: [{ name: 'file_editor' }] }, workspace: { working_dir: workspaceDir() } },
      });
      assert.equal(created.status, 201, created.text);
      const systemPrompt = (await allEvents({ server, id: created.body.id })).find((event) => event.kind === 'SystemPromptEvent');
      return systemPrompt.tools.find((tool: any) => tool.function.name === 'file_editor').function.description as string;
    };
    const imageLine = /Image files \(png, jpg, jpeg, gif, webp, bmp\) can be viewed too\./;
    assert.match(await editorDescription({ model: 'openai/gpt-4o' }), imageLine);
    assert.doesNotMatch(await editorDescription({ model: 'openai/gpt-4o', disable_vision: true }), imageLine);
    assert.doesNotMatch(await editorDescription({ model: 'openai/o3-mini' }), imageLine, 'a model without vision');
  } finally {
    await server.close({ removeData: true });
  }
});

test('filter_tools_regex keeps the matching tools (anchored at the start) and always finish and think; a bad pattern is a 400', () =>
  withFake(async (fake) => {
    const server = await startServer();
    try {
      fake.enqueue({ text: 'ok' });
      const scenario = await createConversation(server, fake, openai, { agent: { filter_tools_regex: 'file|task' } });
      await sendMessage(scenario, 'Hello');
      await waitForStatus(scenario, 'finished');
      assert.deepEqual(seen(fake.requests[0]).tools.map((tool) => tool.name), ['file_editor', 'task_tracker', 'finish', 'think']);
      const bad = await server.request('POST', '/api/conversations', {
        body: { agent: { llm: { model: 'openai/gpt-4o' }, tools: [{ name: 'terminal' }], filter_tools_regex: '(' }, workspace: { working_dir: workspaceDir() } },
      });
      assert.equal(bad.status, 400, bad.text);
      assert.match(bad.body.detail, /filter_tools_regex/);
      assert.equal((await server.request('GET', '/api/conversations/count')).body, 1, 'the bad request created nothing');
    } finally {
      await server.close({ removeData: true });
    }
  }));

test('a secret reaches only the command that names it and never comes back in clear', () =>
  withFake(async (fake) => {
    const server = await startServer();
    try {
      fake.enqueue(
        { toolCalls: [{ name: 'terminal', arguments: { command: 'env | grep -c s3cr3t', security_risk: 'LOW' } }] },
        { toolCalls: [{ name: 'terminal', arguments: { command: 'echo $API_TOKEN', security_risk: 'LOW' } }] },
        { text: 'ok' },
      );
      const scenario = await createConversation(server, fake, openai, { extra: { secrets: { API_TOKEN: { kind: 'StaticSecret', value: 's3cr3t-val' } } } });
      await sendMessage(scenario, 'Use the token');
      await waitForStatus(scenario, 'finished');
      const observations = (await agentEvents(scenario)).filter((event) => event.kind === 'ObservationEvent');
      assert.equal(textOf(observations[0]).trim(), '0');
      assert.equal(textOf(observations[1]).trim(), '<secret-hidden>');
      for (const request of fake.requests) assert.equal(JSON.stringify(request.body).includes('s3cr3t-val'), false);
    } finally {
      await server.close({ removeData: true });
    }
  }));

test('a run cut by a restart mid-tool comes back as error with an AgentErrorEvent, and runs again on the next message', () =>
  withFake(async (fake) => {
    let server = await startServer();
    try {
      fake.enqueue({ toolCalls: [{ name: 'terminal', arguments: { command: 'sleep 30', security_risk: 'LOW' } }] });
      const scenario = await createConversation(server, fake, openai);
      await sendMessage(scenario, 'Wait a long time');
      const action = await waitForEvent(scenario, (event) => event.kind === 'ActionEvent', 'the sleep action');
      assert.equal((await info(scenario)).execution_status, 'running');

      server = await server.restart();
      const restarted = { ...scenario, server };
      assert.equal((await info(restarted)).execution_status, 'error');
      const events = await agentEvents(restarted);
      assert.deepEqual(kinds(events), ['MessageEvent(user)', 'ActionEvent', 'AgentErrorEvent', 'ConversationErrorEvent']);
      assert.equal(events[2].tool_call_id, action.tool_call_id);
      assert.equal(events[3].code, 'ServerRestarted');

      fake.enqueue({ text: 'The command was interrupted.' });
      await sendMessage(restarted, 'What happened?');
      await waitForStatus(restarted, 'finished');
      const messages = seen(fake.requests[1]).messages;
      const result = messages.find((message) => message.role === 'tool');
      assert.equal(result?.toolCallId, action.tool_call_id);
      assert.equal(result?.text, events[2].error);
    } finally {
      await server.close({ removeData: true });
    }
  }));

test('the LLM settings of a conversation survive a restart (the run continues with them)', () =>
  withFake(async (fake) => {
    let server = await startServer({ config: { secretKey: 'a-long-enough-secret-key-for-tests' } });
    try {
      const scenario = await createConversation(server, fake, openai, { llm: llmConfig(fake, openai) });
      server = await server.restart();
      fake.enqueue({ text: 'still here' });
      await sendMessage({ ...scenario, server }, 'Hello again');
      await waitForStatus({ ...scenario, server }, 'finished');
      assert.equal(fake.requests[0].headers.authorization, `Bearer ${llmConfig(fake, openai).api_key}`);
    } finally {
      await server.close({ removeData: true });
    }
  }));
