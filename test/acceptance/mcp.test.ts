/**
 * agent.md 12: MCP tools end to end. A real MCP stdio server (a small script on the installed SDK,
 * written into a temp dir) or a real streamable HTTP server; the scripted fake LLM calls its tools;
 * the events, the requests to the LLM, the failures, `filter_tools_regex`, and the server process
 * ending with the conversation (DELETE, shutdown) are checked from the outside.
 */
import assert from 'node:assert/strict';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { isAlive, startHttpMcpServer, writeStdioMcpServer, type StdioMcpServer } from '../support/mcp-server.js';
import { waitFor, workspaceDir } from '../support/fixtures.js';
import { startServer, type TestServer } from '../support/server.js';
import { PROTOCOLS, agentEvents, allEvents, createConversation, info, llmConfig, seen, sendMessage, textOf, waitForStatus, withFake } from './support.js';

const [openai] = PROTOCOLS;
const MCP_SECRET = 'mcp-env-secret-77c1';

async function serverPids(server: StdioMcpServer): Promise<number[]> {
  return (await readFile(server.pidFile, 'utf8')).split('\n').filter(Boolean).map(Number);
}

async function waitForExit(pid: number): Promise<void> {
  await waitFor(() => !isAlive(pid), { what: `MCP server process ${pid} to exit`, timeoutMs: 15_000 });
}

for (const protocol of PROTOCOLS) {
  describe(`MCP tools over ${protocol.name}`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer();
    });
    after(async () => {
      await server.close({ removeData: true });
    });

    test('the LLM sees the MCP tools after the agent tools; calls become MCPToolAction / MCPToolObservation; DELETE ends the server', () =>
      withFake(async (fake) => {
        const workspace = workspaceDir();
        const mcp = await writeStdioMcpServer(workspace, { env: { MCP_API_KEY: MCP_SECRET } });
        fake.enqueue(
          { toolCalls: [{ name: 'add', arguments: { a: 2, b: '3' } }] },
          { toolCalls: [{ name: 'fail', arguments: { reason: 'disk full', security_risk: 'LOW' } }] },
          { toolCalls: [{ name: 'boom', arguments: { security_risk: 'LOW' } }] },
          { toolCalls: [{ name: 'add', arguments: { a: 1, c: 2 } }] },
          { toolCalls: [{ name: 'echo_env', arguments: { name: 'MCP_API_KEY', security_risk: 'LOW' } }] },
          { text: 'done' },
        );
        const scenario = await createConversation(server, fake, protocol, { workspace, agent: { mcp_config: { mcpServers: { calc: mcp.config } } } });
        const [pid] = await serverPids(mcp);
        assert.ok(pid && isAlive(pid), 'the server was started when the conversation was created');

        await sendMessage(scenario, 'Add 2 and 3');
        await waitForStatus(scenario, 'finished');

        // The tools as the LLM received them: agent tools, MCP tools, then finish and think.
        const request = seen(fake.requests[0]);
        assert.deepEqual(request.tools.map((tool) => tool.name), [
          'terminal', 'file_editor', 'task_tracker', 'add', 'fail', 'boom', 'echo_env', 'where', 'picture', 'wait_forever', 'finish', 'think',
        ]);
        assert.deepEqual(request.tools.find((tool) => tool.name === 'add')!.required, ['a', 'b'], 'readOnlyHint: no security_risk');
        assert.deepEqual(request.tools.find((tool) => tool.name === 'fail')!.required, ['reason', 'security_risk']);
        const systemPrompt = (await allEvents(scenario)).find((event) => event.kind === 'SystemPromptEvent');
        const addSpec = systemPrompt.tools.find((tool: any) => tool.function.name === 'add');
        assert.deepEqual(addSpec, {
          type: 'function',
          function: { name: 'add', description: 'Adds two numbers.', parameters: { type: 'object', properties: { a: { type: 'number', description: 'First addend' }, b: { type: 'number' } }, required: ['a', 'b'] } },
        });

        const events = await agentEvents(scenario);
        const actions = events.filter((event) => event.kind === 'ActionEvent');
        const observations = events.filter((event) => event.kind === 'ObservationEvent');
        assert.equal(actions.length, 5);
        assert.deepEqual(actions[0].action, { kind: 'MCPToolAction', data: { a: 2, b: 3 } });
        assert.equal(actions[0].tool_name, 'add');
        assert.deepEqual(observations[0].observation, {
          kind: 'MCPToolObservation',
          content: [
            { cache_prompt: false, type: 'text', text: "[Tool 'add' executed.]" },
            { cache_prompt: false, type: 'text', text: '5' },
          ],
          is_error: false,
          tool_name: 'add',
        });
        assert.equal(observations[0].action_id, actions[0].id);
        const firstResult = seen(fake.requests[1]).messages.find((message) => message.role === 'tool');
        assert.match(firstResult!.text, /\[Tool 'add' executed\.\]\s*5/);

        // An error result from the server, and an exception inside it.
        assert.deepEqual(actions[1].action, { kind: 'MCPToolAction', data: { reason: 'disk full' } });
        assert.equal(observations[1].observation.is_error, true);
        assert.equal(textOf(observations[1]), "[Tool 'fail' executed.]failed: disk full");
        const failResult = seen(fake.requests[2]).messages.filter((message) => message.role === 'tool').at(-1);
        assert.match(failResult!.text, /^\[An error occurred during execution\.\]/);
        assert.equal(observations[2].observation.is_error, true);
        assert.match(textOf(observations[2]), /^Error calling MCP tool boom: .*kaboom/);

        // Arguments that do not fit the schema: ActionEvent without action, then AgentErrorEvent.
        assert.equal(actions[3].action, null);
        const agentError = events.find((event) => event.kind === 'AgentErrorEvent');
        assert.equal(agentError.tool_call_id, actions[3].tool_call_id);
        assert.match(agentError.error, /Unknown parameter `c`/);
        assert.match(agentError.error, /Missing required parameter `b`/);

        // The env value reached the child; it is masked wherever the server shows the agent.
        assert.equal(actions[4].tool_name, 'echo_env');
        // The event log may hide the value (the redactor knows secret-named env values); either way it was set.
        assert.match(textOf(observations[3]), new RegExp(`executed\\.\\](${MCP_SECRET}|<secret-hidden>)$`));
        const conversation = await info(scenario);
        assert.equal(conversation.agent.mcp_config.mcpServers.calc.env.MCP_API_KEY, '**********');
        assert.equal(JSON.stringify(conversation).includes(MCP_SECRET), false);

        const deleted = await server.request('DELETE', `/api/conversations/${scenario.id}`);
        assert.equal(deleted.status, 200, deleted.text);
        await waitForExit(pid);
      }));
  });
}

describe('MCP tools: filtering, failures, HTTP and lifetime', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await server.close({ removeData: true });
  });

  test('filter_tools_regex applies to the prefixed MCP names; a server whose tools are all filtered out is stopped', () =>
    withFake(async (fake) => {
      const workspace = workspaceDir();
      const math = await writeStdioMcpServer(workspace, { tools: ['add', 'fail'] });
      const other = await writeStdioMcpServer(workspace, { tools: ['add'] });
      fake.enqueue({ toolCalls: [{ name: 'math_add', arguments: { a: 40, b: 2 } }] }, { text: 'ok' });
      const scenario = await createConversation(server, fake, openai, {
        workspace,
        agent: { filter_tools_regex: 'file_|math_a', mcp_config: { mcpServers: { math: math.config, other: other.config } } },
      });
      const [otherPid] = await serverPids(other);
      await waitForExit(otherPid!);
      await sendMessage(scenario, 'Add');
      await waitForStatus(scenario, 'finished');
      assert.deepEqual(seen(fake.requests[0]).tools.map((tool) => tool.name), ['file_editor', 'math_add', 'finish', 'think']);
      const observation = (await agentEvents(scenario)).find((event) => event.kind === 'ObservationEvent');
      assert.equal(observation.tool_name, 'math_add');
      assert.equal(observation.observation.tool_name, 'math_add');
      assert.equal(textOf(observation), "[Tool 'math_add' executed.]42");
      const [mathPid] = await serverPids(math);
      assert.ok(isAlive(mathPid!));
      assert.equal((await server.request('DELETE', `/api/conversations/${scenario.id}`)).status, 200);
      await waitForExit(mathPid!);
    }));

  test('a server that cannot start fails the creation with a 400 naming it; nothing is created and no process is left', async () => {
    const workspace = workspaceDir();
    const good = await writeStdioMcpServer(workspace, { tools: ['add'] });
    const before = (await server.request('GET', '/api/conversations/count')).body;
    const response = await server.request('POST', '/api/conversations', {
      body: {
        agent: {
          llm: { model: 'openai/gpt-4o', api_key: 'sk-x', base_url: 'http://127.0.0.1:9/v1' },
          mcp_config: { mcpServers: { good: good.config, broken: { command: path.join(workspace, 'does-not-exist') } } },
        },
        workspace: { working_dir: workspace },
      },
    });
    assert.equal(response.status, 400, response.text);
    assert.match(response.body.detail, /MCP server 'broken'/);
    assert.equal(response.body.detail.includes("'good'"), false, 'only the failing server is named');
    assert.equal((await server.request('GET', '/api/conversations/count')).body, before);
    const [goodPid] = await serverPids(good);
    await waitForExit(goodPid!);

    const invalid = await server.request('POST', '/api/conversations', {
      body: { agent: { llm: { model: 'openai/gpt-4o' }, mcp_config: { mcpServers: { nothing: {} } } }, workspace: { working_dir: workspace } },
    });
    assert.equal(invalid.status, 400, invalid.text);
    assert.match(invalid.body.detail, /MCP server 'nothing': needs either `command`/);
  });

  test('a streamable HTTP server is called with the configured headers', () =>
    withFake(async (fake) => {
      const http = await startHttpMcpServer();
      try {
        fake.enqueue({ toolCalls: [{ name: 'add', arguments: { a: 1, b: 1 } }] }, { text: 'ok' });
        const scenario = await createConversation(server, fake, openai, {
          tools: [],
          agent: { mcp_config: { mcpServers: { remote: { url: http.mcpUrl, headers: { Authorization: 'Bearer http-secret-1' } } } } },
        });
        await sendMessage(scenario, 'Add');
        await waitForStatus(scenario, 'finished');
        assert.equal(textOf((await agentEvents(scenario)).find((event) => event.kind === 'ObservationEvent')), "[Tool 'add' executed.]2");
        assert.ok(http.requests.length > 0);
        for (const request of http.requests) assert.equal(request.headers.authorization, 'Bearer http-secret-1');
        assert.equal((await info(scenario)).agent.mcp_config.mcpServers.remote.headers.Authorization, '**********');
        assert.equal((await server.request('DELETE', `/api/conversations/${scenario.id}`)).status, 200);
      } finally {
        await http.close();
      }
    }));
});

test('MCP servers end with the server and start again for a conversation resumed after a restart', () =>
  withFake(async (fake) => {
    let server = await startServer();
    try {
      const workspace = workspaceDir();
      const mcp = await writeStdioMcpServer(workspace, { tools: ['add'] });
      const created = await server.request('POST', '/api/conversations', {
        body: { agent: { llm: llmConfig(fake, openai), tools: [], mcp_config: { mcpServers: { calc: mcp.config } } }, workspace: { working_dir: workspace } },
      });
      assert.equal(created.status, 201, created.text);
      const [firstPid] = await serverPids(mcp);
      server = await server.restart();
      await waitForExit(firstPid!);

      fake.enqueue({ toolCalls: [{ name: 'add', arguments: { a: 5, b: 6 } }] }, { text: 'ok' });
      const scenario = { server, id: created.body.id };
      await sendMessage(scenario, 'Add again');
      await waitForStatus(scenario, 'finished');
      assert.equal(textOf((await agentEvents(scenario)).find((event) => event.kind === 'ObservationEvent')), "[Tool 'add' executed.]11");
      const pids = await serverPids(mcp);
      assert.equal(pids.length, 2, 'started again on first use');
      await server.close({ removeData: true });
      await waitForExit(pids[1]!);
    } finally {
      await server.close({ removeData: true }).catch(() => {});
    }
  }));

test('a resumed conversation whose MCP server no longer starts ends its run in error naming the server', () =>
  withFake(async (fake) => {
    let server = await startServer();
    try {
      const workspace = workspaceDir();
      const mcp = await writeStdioMcpServer(workspace, { tools: ['add'] });
      const created = await server.request('POST', '/api/conversations', {
        body: { agent: { llm: llmConfig(fake, openai), tools: [], mcp_config: { mcpServers: { calc: mcp.config } } }, workspace: { working_dir: workspace } },
      });
      assert.equal(created.status, 201, created.text);
      server = await server.restart();
      await rm(mcp.scriptPath);
      const scenario = { server, id: created.body.id };
      await sendMessage(scenario, 'Add');
      await waitForStatus(scenario, 'error');
      const failure = (await agentEvents(scenario)).find((event) => event.kind === 'ConversationErrorEvent');
      assert.equal(failure.code, 'McpConnectionError');
      assert.match(failure.detail, /MCP server 'calc'/);
      assert.equal(fake.requests.length, 0, 'the LLM was not called');
    } finally {
      await server.close({ removeData: true });
    }
  }));
