import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseMcpConfig } from './config.js';
import { McpConfigError } from './errors.js';

const workingDir = '/work/space';

describe('parseMcpConfig (agent.md 12)', () => {
  it('reads stdio and remote servers in order; cwd defaults to (and resolves against) the workspace', () => {
    const servers = parseMcpConfig(
      {
        mcpServers: {
          files: { command: 'npx', args: ['-y', 'server-files', 3], env: { TOKEN_KEY: 'v', RESTORED: null, PORT: 8080 } },
          local: { command: 'node', cwd: 'tools', transport: 'stdio' },
          remote: { url: 'https://mcp.example/mcp', headers: { Authorization: 'Bearer x' } },
          legacy: { url: 'https://mcp.example/sse' },
          forced: { url: 'https://mcp.example/events', transport: 'SSE' },
          streamable: { url: 'https://mcp.example/sse/over-http', transport: 'streamable-http' },
        },
      },
      { workingDir },
    );
    assert.deepEqual(servers.map((server) => server.name), ['files', 'local', 'remote', 'legacy', 'forced', 'streamable']);
    assert.deepEqual(servers[0], { name: 'files', kind: 'stdio', command: 'npx', args: ['-y', 'server-files', '3'], env: { TOKEN_KEY: 'v', PORT: '8080' }, cwd: workingDir });
    assert.equal((servers[1] as { cwd: string }).cwd, '/work/space/tools');
    assert.deepEqual(
      servers.slice(2).map((server) => (server.kind === 'remote' ? [server.url.href, server.transport, server.headers] : null)),
      [
        ['https://mcp.example/mcp', null, { Authorization: 'Bearer x' }],
        ['https://mcp.example/sse', null, {}],
        ['https://mcp.example/events', 'sse', {}],
        ['https://mcp.example/sse/over-http', 'http', {}],
      ],
    );
  });

  it('an empty or absent config has no servers', () => {
    assert.deepEqual(parseMcpConfig({}, { workingDir }), []);
    assert.deepEqual(parseMcpConfig(undefined, { workingDir }), []);
    assert.deepEqual(parseMcpConfig({ mcpServers: {} }, { workingDir }), []);
  });

  it('unusable entries fail with an error naming the server', () => {
    const cases: [unknown, RegExp][] = [
      [{ mcpServers: [] }, /mcpServers` must be an object/],
      [{ mcpServers: { a: 'npx' } }, /MCP server 'a': the server entry must be an object/],
      [{ mcpServers: { b: {} } }, /MCP server 'b': needs either `command`/],
      [{ mcpServers: { c: { command: '' } } }, /MCP server 'c': `command` must be a non-empty string/],
      [{ mcpServers: { d: { command: 'x', args: 'y' } } }, /MCP server 'd': `args` must be an array/],
      [{ mcpServers: { e: { url: 'not a url' } } }, /MCP server 'e': `url` is not a valid URL/],
      [{ mcpServers: { f: { url: 'ftp://host/x' } } }, /MCP server 'f': `url` must be an http/],
      [{ mcpServers: { g: { url: 'https://h/mcp', transport: 'websocket' } } }, /MCP server 'g': unsupported transport "websocket"/],
      [{ mcpServers: { h: { command: 'x', transport: 'sse' } } }, /MCP server 'h': transport "sse" needs a `url`/],
      [{ mcpServers: { i: { url: 'https://h/mcp', auth: 'oauth' } } }, /MCP server 'i': `auth` \(OAuth\) is not supported/],
      [{ mcpServers: { j: { command: 'x', env: { A: { nested: true } } } } }, /MCP server 'j': `env.A` must be a string/],
    ];
    for (const [config, message] of cases) {
      assert.throws(() => parseMcpConfig(config, { workingDir }), (error: unknown) => error instanceof McpConfigError && message.test(error.message), String(message));
    }
  });
});
