/**
 * The MCP tools against real MCP servers (the SDK's server side): a stdio child process written
 * into a temp dir, and streamable HTTP / SSE servers on loopback.
 */
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isAlive, startHttpMcpServer, writeSilentServer, writeStdioMcpServer, type HttpMcpServer } from '../../../test/support/mcp-server.js';
import { waitFor } from '../../../test/support/fixtures.js';
import { makeContext, makeTempDir } from '../test-context.js';
import type { ToolInstance } from '../types.js';
import { createMcpTools } from './create-mcp-tools.js';
import { McpConnectionError } from './errors.js';

async function pids(pidFile: string): Promise<number[]> {
  return (await readFile(pidFile, 'utf8')).split('\n').filter(Boolean).map(Number);
}

function byName(tools: ToolInstance[], name: string): ToolInstance {
  const tool = tools.find((candidate) => candidate.name === name);
  assert.ok(tool, `tool ${name} among ${tools.map((candidate) => candidate.name).join(', ')}`);
  return tool;
}

async function call(tool: ToolInstance, args: unknown, signal?: AbortSignal) {
  const parsed = tool.parseArguments(args);
  assert.ok(parsed.ok, JSON.stringify(parsed));
  return tool.execute(parsed.action, makeContext({ workingDir: '/', signal }));
}

function textAt(observation: { content: unknown[] }, index: number): unknown {
  return (observation.content[index] as { text?: unknown } | undefined)?.text;
}

async function closeAll(tools: ToolInstance[]): Promise<void> {
  await Promise.all(tools.map((tool) => tool.close?.()));
}

describe('createMcpTools over stdio', () => {
  let dir: { path: string; remove(): Promise<void> };
  before(async () => {
    dir = await makeTempDir('mcp-test-');
  });
  after(() => dir.remove());

  it('lists the tools with their names, descriptions, schemas and read-only hints, and calls them', async () => {
    const server = await writeStdioMcpServer(dir.path);
    const tools = await createMcpTools({ mcpServers: { only: server.config } }, { workingDir: dir.path });
    try {
      assert.deepEqual(tools.map((tool) => tool.name), ['add', 'fail', 'boom', 'echo_env', 'where', 'picture', 'wait_forever']);
      const add = byName(tools, 'add');
      assert.equal(add.description, 'Adds two numbers.');
      assert.equal(add.isReadOnly, true);
      assert.deepEqual(add.parameters, { type: 'object', properties: { a: { type: 'number', description: 'First addend' }, b: { type: 'number' } }, required: ['a', 'b'] });
      assert.equal(byName(tools, 'fail').isReadOnly, false);
      assert.equal(byName(tools, 'wait_forever').description, 'No description provided');

      assert.deepEqual(add.parseArguments({ a: '2', b: 3 }), { ok: true, action: { kind: 'MCPToolAction', data: { a: 2, b: 3 } } });
      assert.deepEqual(await call(add, { a: 2, b: 3 }), {
        kind: 'MCPToolObservation',
        content: [
          { cache_prompt: false, type: 'text', text: "[Tool 'add' executed.]" },
          { cache_prompt: false, type: 'text', text: '5' },
        ],
        is_error: false,
        tool_name: 'add',
      });
    } finally {
      await closeAll(tools);
    }
  });

  it('error results, server exceptions and images become the observation agent.md 12 describes', async () => {
    const server = await writeStdioMcpServer(dir.path);
    const tools = await createMcpTools({ mcpServers: { only: server.config } }, { workingDir: dir.path });
    try {
      const failed = await call(byName(tools, 'fail'), { reason: 'no disk' });
      assert.equal(failed.is_error, true);
      assert.deepEqual(failed.content.map((item) => (item as { text: string }).text), ["[Tool 'fail' executed.]", 'failed: no disk']);
      assert.deepEqual(byName(tools, 'fail').toLlmContent?.(failed)[0], { cache_prompt: false, type: 'text', text: "[An error occurred during execution.]\n[Tool 'fail' executed.]" });

      const thrown = await call(byName(tools, 'boom'), {});
      assert.equal(thrown.is_error, true);
      assert.equal(thrown.tool_name, 'boom');
      assert.equal(thrown.content.length, 1);
      assert.match((thrown.content[0] as { text: string }).text, /^Error calling MCP tool boom: .*kaboom/);

      const picture = await call(byName(tools, 'picture'), {});
      assert.deepEqual(picture.content.slice(1), [
        { cache_prompt: false, type: 'text', text: 'a red dot' },
        { cache_prompt: false, type: 'image', image_urls: ['data:image/png;base64,iVBORw0KGgo='] },
      ]);
    } finally {
      await closeAll(tools);
    }
  });

  it('the child gets a minimal environment plus env, runs in the workspace, and ends when its tools are closed', async () => {
    const server = await writeStdioMcpServer(dir.path, { env: { MCP_TEST_TOKEN: 'tok-123456' } });
    const tools = await createMcpTools({ mcpServers: { only: server.config } }, { workingDir: dir.path });
    const [pid] = await pids(server.pidFile);
    assert.ok(pid && isAlive(pid));
    try {
      const echo = byName(tools, 'echo_env');
      assert.equal(textAt(await call(echo, { name: 'MCP_TEST_TOKEN' }), 1), 'tok-123456');
      assert.notEqual(textAt(await call(echo, { name: 'PATH' }), 1), '(unset)');
      assert.equal(textAt(await call(byName(tools, 'where'), {}), 1), dir.path);
    } finally {
      await tools[0]!.close?.();
      assert.ok(isAlive(pid), 'other tools still use the server');
      await closeAll(tools);
    }
    await waitFor(() => !isAlive(pid), { what: `MCP server ${pid} to exit` });
    const after = await call(byName(tools, 'add'), { a: 1, b: 1 });
    assert.equal(after.is_error, true, 'a closed tool does not start the server again');
  });

  it('with several servers every tool is named <server>_<tool>', async () => {
    const first = await writeStdioMcpServer(dir.path, { tools: ['add'] });
    const second = await writeStdioMcpServer(dir.path, { tools: ['add', 'fail'] });
    const tools = await createMcpTools({ mcpServers: { math: first.config, other: second.config } }, { workingDir: dir.path });
    try {
      assert.deepEqual(tools.map((tool) => tool.name), ['math_add', 'other_add', 'other_fail']);
      const result = await call(byName(tools, 'other_add'), { a: 40, b: 2 });
      assert.deepEqual(result.content.map((item) => (item as { text: string }).text), ["[Tool 'other_add' executed.]", '42']);
      assert.equal(result.tool_name, 'other_add');
    } finally {
      await closeAll(tools);
    }
  });

  it('a server that died is started again by the next call', async () => {
    const server = await writeStdioMcpServer(dir.path);
    const tools = await createMcpTools({ mcpServers: { only: server.config } }, { workingDir: dir.path });
    try {
      const [first] = await pids(server.pidFile);
      process.kill(first!, 'SIGKILL');
      await waitFor(() => !isAlive(first!), { what: 'the server to die' });
      const result = await call(byName(tools, 'add'), { a: 1, b: 2 });
      // The call may race the transport noticing the exit; then the following one reconnects.
      const retried = result.is_error ? await call(byName(tools, 'add'), { a: 1, b: 2 }) : result;
      assert.equal(textAt(retried, 1), '3');
      assert.equal((await pids(server.pidFile)).length, 2);
    } finally {
      await closeAll(tools);
    }
  });

  it('a call that outlives its timeout is an error observation', async () => {
    const server = await writeStdioMcpServer(dir.path, { tools: ['wait_forever'] });
    const tools = await createMcpTools({ mcpServers: { only: server.config } }, { workingDir: dir.path, callTimeoutMs: 200 });
    try {
      const timedOut = await call(byName(tools, 'wait_forever'), {});
      assert.equal(timedOut.is_error, true);
      assert.match(textAt(timedOut, 0) as string, /^Error calling MCP tool wait_forever: .*timed out/i);
    } finally {
      await closeAll(tools);
    }
  });

  it('an aborted call (pause, delete) is an error observation and the session survives it', async () => {
    const server = await writeStdioMcpServer(dir.path);
    const tools = await createMcpTools({ mcpServers: { only: server.config } }, { workingDir: dir.path });
    try {
      const controller = new AbortController();
      const pending = call(byName(tools, 'wait_forever'), {}, controller.signal);
      controller.abort(new Error('stopped by the user'));
      const aborted = await pending;
      assert.equal(aborted.is_error, true);
      assert.match(textAt(aborted, 0) as string, /stopped by the user/);
      assert.equal(textAt(await call(byName(tools, 'add'), { a: 2, b: 2 }), 1), '4');
      assert.equal((await pids(server.pidFile)).length, 1);
    } finally {
      await closeAll(tools);
    }
  });

  it('a server that cannot start fails with an error naming it, its stderr masked', async () => {
    const crashing = path.join(dir.path, 'crash.mjs');
    await writeFile(crashing, "console.error('bad config: token ' + process.env.CRASH_KEY + ' rejected'); process.exit(3);\n");
    const good = await writeStdioMcpServer(dir.path, { tools: ['add'] });
    await assert.rejects(
      createMcpTools(
        {
          mcpServers: {
            good: good.config,
            crashing: { command: process.execPath, args: [crashing], env: { CRASH_KEY: 'hunter2-secret' } },
            missing: { command: path.join(dir.path, 'no-such-binary') },
          },
        },
        { workingDir: dir.path },
      ),
      (error: unknown) => {
        assert.ok(error instanceof McpConnectionError);
        assert.deepEqual([...error.serverNames].sort(), ['crashing', 'missing']);
        assert.match(error.message, /MCP server 'crashing': .*bad config: token <secret-hidden> rejected/);
        assert.match(error.message, /MCP server 'missing': .*ENOENT/);
        assert.equal(error.message.includes('hunter2-secret'), false);
        return true;
      },
    );
    const [goodPid] = await pids(good.pidFile);
    await waitFor(() => !isAlive(goodPid!), { what: 'the healthy server to be closed too' });
  });

  it('a server that never answers times out with its name, and its process is ended', async () => {
    const silent = await writeSilentServer(dir.path);
    await assert.rejects(createMcpTools({ mcpServers: { quiet: silent.config } }, { workingDir: dir.path, listTimeoutMs: 300 }), /MCP server 'quiet': timed out after 0.3 s/);
    const [pid] = await pids(silent.pidFile);
    assert.ok(pid);
    await waitFor(() => !isAlive(pid), { what: 'the silent server to be ended' });
  });
});

describe('createMcpTools over HTTP', () => {
  let http: HttpMcpServer;
  before(async () => {
    http = await startHttpMcpServer();
  });
  after(() => http.close());

  for (const variant of ['streamable HTTP', 'SSE (path says /sse)', 'SSE fallback after a refused POST'] as const) {
    it(`${variant}: lists and calls the tools, sending the configured headers`, async () => {
      const url = variant === 'streamable HTTP' ? http.mcpUrl : variant.startsWith('SSE (') ? http.sseUrl : http.legacyUrl;
      const before = http.requests.length;
      const tools = await createMcpTools({ mcpServers: { remote: { url, headers: { Authorization: 'Bearer abc-123' } } } }, { workingDir: '/' });
      try {
        assert.ok(tools.some((tool) => tool.name === 'add'));
        assert.equal(textAt(await call(byName(tools, 'add'), { a: 20, b: 22 }), 1), '42');
        const seen = http.requests.slice(before);
        assert.ok(seen.length > 0);
        for (const request of seen.filter((item) => item.path !== '/legacy' || item.method === 'GET')) assert.equal(request.headers.authorization, 'Bearer abc-123');
        if (variant !== 'streamable HTTP') assert.ok(seen.some((item) => item.method === 'GET' && item.path !== '/mcp'), 'an SSE stream was opened');
      } finally {
        await closeAll(tools);
      }
    });
  }

  it('an unreachable URL fails with an error naming the server', async () => {
    await assert.rejects(createMcpTools({ mcpServers: { gone: { url: 'http://127.0.0.1:9/mcp' } } }, { workingDir: '/' }), /MCP server 'gone'/);
  });
});
