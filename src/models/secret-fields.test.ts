import assert from 'node:assert/strict';
import { test } from 'node:test';
import { collectSecretValues, mapAgentSecrets, mapSecretSources, maskSecret } from './secret-fields.js';
import { isSecretHeaderName } from './secrets.js';

const agent = {
  kind: 'Agent',
  llm: { model: 'm', api_key: 'sk-llm', aws_access_key_id: null, extra_headers: { 'X-Auth-Token': 'hdr-token', 'X-Trace': 'trace' } },
  condenser: { kind: 'PipelineCondenser', condensers: [{ kind: 'LLMSummarizingCondenser', llm: { model: 'c', api_key: 'sk-condenser' } }] },
  mcp_config: { mcpServers: { gh: { command: 'x', env: { GITHUB_TOKEN: 'ghp_1', NODE_ENV: 'production' }, headers: { Authorization: 'Bearer mcp', Accept: 'json' } } } },
};

test('masking covers LLM keys, condenser LLMs, and credential-named headers and MCP env entries', () => {
  const masked = mapAgentSecrets(agent, maskSecret) as any;
  assert.equal(masked.llm.api_key, '**********');
  assert.equal(masked.llm.aws_access_key_id, null, 'absent secrets stay null');
  assert.deepEqual(masked.llm.extra_headers, { 'X-Auth-Token': '**********', 'X-Trace': 'trace' });
  assert.equal(masked.condenser.condensers[0].llm.api_key, '**********');
  assert.deepEqual(masked.mcp_config.mcpServers.gh.env, { GITHUB_TOKEN: '**********', NODE_ENV: 'production' });
  assert.deepEqual(masked.mcp_config.mcpServers.gh.headers, { Authorization: '**********', Accept: 'json' });
  assert.equal(agent.llm.api_key, 'sk-llm', 'the input is not modified');
});

test('secret sources: static values and secret-named lookup headers', () => {
  const masked = mapSecretSources(
    { A: { kind: 'StaticSecret', value: 'v1' }, B: { kind: 'LookupSecret', url: 'http://x', headers: { Authorization: 'Bearer b', 'X-Id': '7' } } },
    maskSecret,
  ) as any;
  assert.equal(masked.A.value, '**********');
  assert.deepEqual(masked.B.headers, { Authorization: '**********', 'X-Id': '7' });
});

test('collectSecretValues finds every value the traversal treats as secret', () => {
  const values = collectSecretValues(agent, { A: { kind: 'StaticSecret', value: 'v1' } });
  assert.deepEqual(new Set(values), new Set(['sk-llm', 'hdr-token', 'sk-condenser', 'ghp_1', 'Bearer mcp', 'v1']));
  for (const name of ['Authorization', 'x-api-key', 'CLIENT_SECRET', 'GITHUB_TOKEN', 'DB_PASSWORD', 'Cookie']) assert.ok(isSecretHeaderName(name), name);
  for (const name of ['Accept', 'X-Trace', 'Content-Type']) assert.ok(!isSecretHeaderName(name), name);
});
