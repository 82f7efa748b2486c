import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { conversationBody, waitFor } from '../support/fixtures.js';
import { startServer, type TestServer } from '../support/server.js';

describe('state-changing routes', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await server.close({ removeData: true });
  });

  async function create(extra: Record<string, unknown> = {}): Promise<string> {
    const response = await server.request('POST', '/api/conversations', { body: conversationBody({ extra }) });
    assert.equal(response.status, 201);
    return response.body.id;
  }
  async function stateUpdates(id: string, key: string): Promise<any[]> {
    const response = await server.request('GET', `/api/conversations/${id}/events/search?kind=ConversationStateUpdateEvent&limit=100`);
    return response.body.items.filter((event: { key: string }) => event.key === key);
  }

  test('confirmation_policy: applied at once, announced once, validated', async () => {
    const id = await create();
    const policy = { kind: 'ConfirmRisky', threshold: 'MEDIUM', confirm_unknown: false };
    assert.deepEqual((await server.request('POST', `/api/conversations/${id}/confirmation_policy`, { body: { policy } })).body, { success: true });
    assert.deepEqual((await server.request('GET', `/api/conversations/${id}`)).body.confirmation_policy, policy);
    await server.request('POST', `/api/conversations/${id}/confirmation_policy`, { body: { policy } });
    const updates = await stateUpdates(id, 'confirmation_policy');
    assert.equal(updates.length, 1, 'the same policy twice is announced once');
    assert.deepEqual(updates[0].value, policy);
    const defaults = await server.request('POST', `/api/conversations/${id}/confirmation_policy`, { body: { policy: { kind: 'ConfirmRisky' } } });
    assert.equal(defaults.status, 200);
    assert.deepEqual((await server.request('GET', `/api/conversations/${id}`)).body.confirmation_policy, { kind: 'ConfirmRisky', threshold: 'HIGH', confirm_unknown: true });
    for (const body of [{ policy: { kind: 'Nope' } }, { policy: { kind: 'ConfirmRisky', threshold: 'UNKNOWN' } }, {}]) {
      assert.equal((await server.request('POST', `/api/conversations/${id}/confirmation_policy`, { body })).status, 422, JSON.stringify(body));
    }
  });

  test('security_analyzer: set, announced, removed with null; unknown kind 422', async () => {
    const id = await create();
    assert.equal((await server.request('POST', `/api/conversations/${id}/security_analyzer`, { body: { security_analyzer: {} } })).status, 200);
    assert.deepEqual((await server.request('GET', `/api/conversations/${id}`)).body.security_analyzer, { kind: 'LLMSecurityAnalyzer' });
    assert.equal((await server.request('POST', `/api/conversations/${id}/security_analyzer`, { body: { security_analyzer: null } })).status, 200);
    assert.equal((await server.request('GET', `/api/conversations/${id}`)).body.security_analyzer, null);
    const updates = await stateUpdates(id, 'security_analyzer');
    assert.deepEqual(updates.map((event) => event.value), [{ kind: 'LLMSecurityAnalyzer' }, null]);
    assert.equal((await server.request('POST', `/api/conversations/${id}/security_analyzer`, { body: { security_analyzer: { kind: 'InvalidAnalyzerType' } } })).status, 422);
    assert.equal((await server.request('POST', `/api/conversations/${id}/security_analyzer`, { body: {} })).status, 422);
  });

  test('secrets: merged, never echoed, masked echo does not erase a value', async () => {
    const id = await create({ secrets: { KEEP: 'keep-value-1' } });
    const response = await server.request('POST', `/api/conversations/${id}/secrets`, {
      body: { secrets: { NEW_TOKEN: 'new-token-value', LOOKUP: { kind: 'LookupSecret', url: 'http://127.0.0.1:1/secret', headers: { Authorization: 'Bearer lookup-token', 'X-Trace': 'abc' } } } },
    });
    assert.deepEqual(response.body, { success: true });
    const info = await server.request('GET', `/api/conversations/${id}`);
    const sources = info.body.secret_registry.secret_sources;
    assert.deepEqual(Object.keys(sources).sort(), ['KEEP', 'LOOKUP', 'NEW_TOKEN']);
    assert.equal(sources.NEW_TOKEN.value, '**********');
    assert.deepEqual(sources.LOOKUP.headers, { Authorization: '**********', 'X-Trace': 'abc' });
    for (const secret of ['keep-value-1', 'new-token-value', 'lookup-token']) assert.ok(!info.text.includes(secret));
    // Echoing the masked registry back must not wipe the stored value.
    await server.request('POST', `/api/conversations/${id}/secrets`, { body: { secrets: { KEEP: '**********' } } });
    assert.equal((await server.request('GET', `/api/conversations/${id}`)).body.secret_registry.secret_sources.KEEP.value, '**********');
    assert.equal((await server.request('POST', `/api/conversations/${id}/secrets`, { body: { secrets: { BAD: { kind: 'Nope' } } } })).status, 422);
  });

  test('pause from idle records a PauseEvent once; run starts a run, and 409 while it is active', async () => {
    const id = await create();
    await server.request('POST', `/api/conversations/${id}/pause`);
    await server.request('POST', `/api/conversations/${id}/pause`);
    const pauses = await server.request('GET', `/api/conversations/${id}/events/count?kind=PauseEvent`);
    assert.equal(pauses.body, 1);
    assert.equal((await server.request('GET', `/api/conversations/${id}`)).body.execution_status, 'paused');
    const run = await server.request('POST', `/api/conversations/${id}/run`);
    assert.equal(run.status, 200);
    const statuses = await waitFor(async () => {
      const updates = await stateUpdates(id, 'execution_status');
      const values = updates.map((event) => event.value);
      return values.length >= 3 ? values : undefined;
    });
    assert.deepEqual(statuses.slice(0, 2), ['paused', 'running']);
  });

  test('respond_to_confirmation with accept=false from idle changes nothing but answers success', async () => {
    const id = await create();
    const response = await server.request('POST', `/api/conversations/${id}/events/respond_to_confirmation`, { body: { accept: false, reason: 'no' } });
    assert.deepEqual(response.body, { success: true });
    assert.equal((await server.request('GET', `/api/conversations/${id}/events/count?kind=UserRejectObservation`)).body, 0);
    assert.equal((await server.request('POST', `/api/conversations/${id}/events/respond_to_confirmation`, { body: { reason: 'no' } })).status, 422);
  });
});

describe('credentials in agent settings', () => {
  test('a refused MCP configuration does not echo its credentials', async () => {
    const server = await startServer();
    try {
      const body = conversationBody();
      (body.agent as Record<string, unknown>).mcp_config = {
        mcpServers: { github: { url: 'http://127.0.0.1:9/mcp', headers: { 'X-Api-Token': 'header-token-123' }, env: { GITHUB_TOKEN: 'ghp_envtoken456' } } },
      };
      const created = await server.request('POST', '/api/conversations', { body });
      assert.equal(created.status, 400, 'the MCP server cannot be reached');
      assert.match(created.body.detail, /github/);
      for (const secret of ['header-token-123', 'ghp_envtoken456']) assert.ok(!created.text.includes(secret), secret);
    } finally {
      await server.close({ removeData: true });
    }
  });
});
