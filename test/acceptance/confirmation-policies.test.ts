/**
 * Issue 4 item 1, beyond agent.md 15 behaviours 9-12 (confirmation.test.ts): every policy, a batch
 * of several actions accepted or rejected as a whole, a policy changed through the API applied at
 * once, and pending actions that survive a real process restart and still wait for a decision.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { waitFor, workspaceDir } from '../support/fixtures.js';
import { makeDataDir, startServer, type TestServer } from '../support/server.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';
import { PROTOCOLS, agentEvents, createConversation, info, kinds, llmConfig, seen, sendMessage, waitForStatus, withFake } from './support.js';

const [openai] = PROTOCOLS;
const touch = (file: string, risk = 'LOW') => ({ name: 'terminal', arguments: { command: `touch ${file}`, security_risk: risk } });

describe('confirmation policies', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await server.close({ removeData: true });
  });

  const policyCases: { name: string; policy: Record<string, unknown>; analyzer: boolean; risk: string; waits: boolean }[] = [
    { name: 'NeverConfirm runs a HIGH action', policy: { kind: 'NeverConfirm' }, analyzer: true, risk: 'HIGH', waits: false },
    { name: 'AlwaysConfirm waits for a LOW action', policy: { kind: 'AlwaysConfirm' }, analyzer: true, risk: 'LOW', waits: true },
    { name: 'ConfirmRisky(MEDIUM) waits for MEDIUM', policy: { kind: 'ConfirmRisky', threshold: 'MEDIUM' }, analyzer: true, risk: 'MEDIUM', waits: true },
    { name: 'ConfirmRisky(HIGH) runs MEDIUM', policy: { kind: 'ConfirmRisky', threshold: 'HIGH' }, analyzer: true, risk: 'MEDIUM', waits: false },
    { name: 'ConfirmRisky waits for a stated UNKNOWN when confirm_unknown', policy: { kind: 'ConfirmRisky', threshold: 'HIGH', confirm_unknown: true }, analyzer: true, risk: 'UNKNOWN', waits: true },
    { name: 'ConfirmRisky runs UNKNOWN without confirm_unknown', policy: { kind: 'ConfirmRisky', threshold: 'LOW', confirm_unknown: false }, analyzer: true, risk: 'UNKNOWN', waits: false },
    { name: 'ConfirmRisky without analyzer: every risk is UNKNOWN, HIGH included', policy: { kind: 'ConfirmRisky', threshold: 'LOW', confirm_unknown: false }, analyzer: false, risk: 'HIGH', waits: false },
  ];
  for (const { name, policy, analyzer, risk, waits } of policyCases) {
    test(name, () =>
      withFake(async (fake) => {
        const scenario = await createConversation(server, fake, openai, { extra: { confirmation_policy: policy } });
        if (analyzer) await server.request('POST', `/api/conversations/${scenario.id}/security_analyzer`, { body: { security_analyzer: {} } });
        fake.enqueue({ toolCalls: [touch('marker.txt', risk)] }, { text: 'done' });
        await sendMessage(scenario, 'Make the marker');
        await waitForStatus(scenario, waits ? 'waiting_for_confirmation' : 'finished');
        assert.equal(existsSync(path.join(scenario.workspace, 'marker.txt')), !waits);
        assert.equal(fake.requests.length, waits ? 1 : 2);
      }));
  }

  test('a batch waits whole; rejecting records one UserRejectObservation per action with the reason, and none runs', () =>
    withFake(async (fake) => {
      const scenario = await createConversation(server, fake, openai, { extra: { confirmation_policy: { kind: 'AlwaysConfirm' } } });
      fake.enqueue({ text: 'Two files', toolCalls: [touch('a.txt'), touch('b.txt')] });
      await sendMessage(scenario, 'Make two files');
      await waitForStatus(scenario, 'waiting_for_confirmation');
      const rejected = await server.request('POST', `/api/conversations/${scenario.id}/events/respond_to_confirmation`, { body: { accept: false, reason: 'Not those files' } });
      assert.deepEqual(rejected.body, { success: true });
      const events = await agentEvents(scenario);
      assert.deepEqual(kinds(events), ['MessageEvent(user)', 'ActionEvent', 'ActionEvent', 'UserRejectObservation', 'UserRejectObservation']);
      assert.deepEqual(events.slice(3).map((event) => [event.action_id, event.tool_call_id, event.tool_name, event.rejection_reason]), [
        [events[1].id, events[1].tool_call_id, 'terminal', 'Not those files'],
        [events[2].id, events[2].tool_call_id, 'terminal', 'Not those files'],
      ]);
      assert.equal((await info(scenario)).execution_status, 'idle');
      for (const file of ['a.txt', 'b.txt']) assert.equal(existsSync(path.join(scenario.workspace, file)), false);
      fake.enqueue({ text: 'ok' });
      await server.request('POST', `/api/conversations/${scenario.id}/run`);
      await waitForStatus(scenario, 'finished');
      const tools = seen(fake.requests[1]).messages.filter((message) => message.role === 'tool');
      assert.deepEqual(tools.map((message) => message.text), ['Action rejected: Not those files', 'Action rejected: Not those files']);
      for (const file of ['a.txt', 'b.txt']) assert.equal(existsSync(path.join(scenario.workspace, file)), false, 'a rejected action never runs');
    }));

  test('a policy set through the API applies to the next step at once, both ways', () =>
    withFake(async (fake) => {
      const scenario = await createConversation(server, fake, openai);
      const setPolicy = async (policy: Record<string, unknown>) =>
        assert.equal((await server.request('POST', `/api/conversations/${scenario.id}/confirmation_policy`, { body: { policy } })).status, 200);
      await setPolicy({ kind: 'AlwaysConfirm' });
      fake.enqueue({ toolCalls: [touch('one.txt')] });
      await sendMessage(scenario, 'First');
      await waitForStatus(scenario, 'waiting_for_confirmation');
      assert.equal(existsSync(path.join(scenario.workspace, 'one.txt')), false);
      // Switching back does not release what already waits, but governs the next batch.
      await setPolicy({ kind: 'NeverConfirm' });
      assert.equal((await info(scenario)).execution_status, 'waiting_for_confirmation');
      fake.enqueue({ toolCalls: [touch('two.txt')] }, { text: 'done' });
      await server.request('POST', `/api/conversations/${scenario.id}/events/respond_to_confirmation`, { body: { accept: true } });
      await waitForStatus(scenario, 'finished');
      for (const file of ['one.txt', 'two.txt']) assert.equal(existsSync(path.join(scenario.workspace, file)), true, file);
      assert.equal(fake.requests.length, 3);
    }));
});

async function call(server: ServerProcess, method: string, urlPath: string, body?: unknown) {
  const response = await fetch(server.url + urlPath, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

async function statusOf(server: ServerProcess, id: string): Promise<string> {
  return (await call(server, 'GET', `/api/conversations/${id}`)).body.execution_status;
}

async function eventsOf(server: ServerProcess, id: string): Promise<any[]> {
  const page = await call(server, 'GET', `/api/conversations/${id}/events/search?limit=100`);
  return page.body.items.filter((event: any) => event.kind !== 'SystemPromptEvent' && event.kind !== 'ConversationStateUpdateEvent');
}

test('pending actions and a policy set through the API survive a process restart; accepting afterwards runs the batch before the next LLM call', () =>
  withFake(async (fake) => {
    const dataDir = await makeDataDir();
    const env = { OH_SECRET_KEY: 'confirmation-restart-secret-key' };
    const workspace = workspaceDir();
    let server = await startServerProcess({ dataDir, env });
    try {
      const created = await call(server, 'POST', '/api/conversations', {
        agent: { llm: llmConfig(fake, openai), tools: [{ name: 'terminal' }] },
        workspace: { working_dir: workspace },
      });
      assert.equal(created.status, 201);
      const id = created.body.id;
      assert.equal((await call(server, 'POST', `/api/conversations/${id}/confirmation_policy`, { policy: { kind: 'AlwaysConfirm' } })).status, 200);
      fake.enqueue({ toolCalls: [touch('a.txt'), touch('b.txt')] });
      await call(server, 'POST', `/api/conversations/${id}/events`, { role: 'user', content: [{ type: 'text', text: 'Make two files' }], run: true });
      await waitFor(async () => (await statusOf(server, id)) === 'waiting_for_confirmation', { what: 'waiting', timeoutMs: 15_000 });

      server.child.kill('SIGTERM');
      assert.equal((await server.exited).code, 0);
      server = await startServerProcess({ dataDir, env });

      const restored = await call(server, 'GET', `/api/conversations/${id}`);
      assert.equal(restored.body.execution_status, 'waiting_for_confirmation');
      assert.deepEqual(restored.body.confirmation_policy, { kind: 'AlwaysConfirm' });
      assert.deepEqual(kinds(await eventsOf(server, id)), ['MessageEvent(user)', 'ActionEvent', 'ActionEvent']);
      for (const file of ['a.txt', 'b.txt']) assert.equal(existsSync(path.join(workspace, file)), false, 'nothing ran across the restart');

      fake.enqueue({ text: 'both made' });
      assert.equal((await call(server, 'POST', `/api/conversations/${id}/events/respond_to_confirmation`, { accept: true })).status, 200);
      await waitFor(async () => (await statusOf(server, id)) === 'finished', { what: 'finished', timeoutMs: 15_000 });
      for (const file of ['a.txt', 'b.txt']) assert.equal(existsSync(path.join(workspace, file)), true, file);
      const events = await eventsOf(server, id);
      assert.deepEqual(kinds(events), ['MessageEvent(user)', 'ActionEvent', 'ActionEvent', 'ObservationEvent', 'ObservationEvent', 'MessageEvent(agent)']);
      assert.equal(fake.requests.length, 2, 'accepting made no LLM call of its own');
      const results = seen(fake.requests[1]).messages.filter((message) => message.role === 'tool').map((message) => message.toolCallId);
      assert.deepEqual(results, [events[1].tool_call_id, events[2].tool_call_id], 'both observations existed before the next request');

      // The policy set through the API still applies after the restart.
      fake.enqueue({ toolCalls: [touch('c.txt')] });
      await call(server, 'POST', `/api/conversations/${id}/events`, { role: 'user', content: [{ type: 'text', text: 'One more' }], run: true });
      await waitFor(async () => (await statusOf(server, id)) === 'waiting_for_confirmation', { what: 'waiting again', timeoutMs: 15_000 });
      assert.equal(existsSync(path.join(workspace, 'c.txt')), false);
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  }));
