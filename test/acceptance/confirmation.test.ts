/**
 * agent.md 6 and 15 (behaviours 9-12): actions that need confirmation wait with nothing executed;
 * accepting runs them before any new LLM call; rejecting records the reason, which the LLM reads.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startServer, type TestServer } from '../support/server.js';
import { PROTOCOLS, agentEvents, createConversation, info, kinds, seen, sendMessage, waitForStatus, withFake, type Scenario } from './support.js';

const ALWAYS = { confirmation_policy: { kind: 'AlwaysConfirm' } };
const touch = (file: string) => ({ toolCalls: [{ name: 'terminal', arguments: { command: `touch ${file}`, security_risk: 'LOW' } }] });

for (const protocol of PROTOCOLS) {
  describe(`confirmation over ${protocol.name}`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer();
    });
    after(async () => {
      await server.close({ removeData: true });
    });

    async function waitingScenario(fake: Parameters<typeof createConversation>[1]): Promise<{ scenario: Scenario; marker: string }> {
      fake.enqueue(touch('marker.txt'));
      const scenario = await createConversation(server, fake, protocol, { extra: ALWAYS });
      const marker = path.join(scenario.workspace, 'marker.txt');
      await sendMessage(scenario, 'Make the marker');
      await waitForStatus(scenario, 'waiting_for_confirmation');
      assert.deepEqual(kinds(await agentEvents(scenario)), ['MessageEvent(user)', 'ActionEvent']);
      assert.equal(existsSync(marker), false, 'nothing ran before confirmation');
      assert.equal(fake.requests.length, 1);
      return { scenario, marker };
    }

    test('AlwaysConfirm waits; accepting runs the action before the next LLM call', () =>
      withFake(async (fake) => {
        const { scenario, marker } = await waitingScenario(fake);
        fake.enqueue({ text: 'ok' });
        const accepted = await server.request('POST', `/api/conversations/${scenario.id}/events/respond_to_confirmation`, { body: { accept: true } });
        assert.equal(accepted.status, 200);
        await waitForStatus(scenario, 'finished');
        assert.equal(existsSync(marker), true);
        const events = await agentEvents(scenario);
        assert.deepEqual(kinds(events), ['MessageEvent(user)', 'ActionEvent', 'ObservationEvent', 'MessageEvent(agent)']);
        assert.equal(fake.requests.length, 2);
        const result = seen(fake.requests[1]).messages.find((message) => message.role === 'tool');
        assert.equal(result?.toolCallId, events[1].tool_call_id, 'the observation existed before the second request');
      }));

    test('rejecting records the reason, runs nothing, and the LLM reads it on the next run', () =>
      withFake(async (fake) => {
        const { scenario, marker } = await waitingScenario(fake);
        const rejected = await server.request('POST', `/api/conversations/${scenario.id}/events/respond_to_confirmation`, { body: { accept: false, reason: 'not now' } });
        assert.equal(rejected.status, 200);
        assert.equal((await info(scenario)).execution_status, 'idle');
        const events = await agentEvents(scenario);
        assert.deepEqual(kinds(events), ['MessageEvent(user)', 'ActionEvent', 'UserRejectObservation']);
        assert.equal(events[2].rejection_reason, 'not now');
        assert.equal(events[2].tool_call_id, events[1].tool_call_id);
        assert.equal(events[2].action_id, events[1].id);
        assert.equal(fake.requests.length, 1);
        fake.enqueue({ text: 'understood' });
        assert.equal((await server.request('POST', `/api/conversations/${scenario.id}/run`)).status, 200);
        await waitForStatus(scenario, 'finished');
        const last = seen(fake.requests[1]).messages.at(-1);
        assert.equal(last?.role, 'tool');
        assert.equal(last?.text, 'Action rejected: not now');
        assert.equal(existsSync(marker), false);
      }));

    test('a lone think or finish never waits, even with AlwaysConfirm', () =>
      withFake(async (fake) => {
        fake.enqueue({ toolCalls: [{ name: 'think', arguments: { thought: 't' } }] }, { toolCalls: [{ name: 'finish', arguments: { message: 'm' } }] });
        const scenario = await createConversation(server, fake, protocol, { extra: ALWAYS });
        await sendMessage(scenario, 'Think then finish');
        await waitForStatus(scenario, 'finished');
        assert.equal(fake.requests.length, 2);
      }));

    test('ConfirmRisky with the LLM analyzer: LOW runs, HIGH waits, a missing risk is an error the LLM sees', () =>
      withFake(async (fake) => {
        const scenario = await createConversation(server, fake, protocol, { extra: { confirmation_policy: { kind: 'ConfirmRisky', threshold: 'HIGH' } } });
        assert.equal((await server.request('POST', `/api/conversations/${scenario.id}/security_analyzer`, { body: { security_analyzer: { kind: 'LLMSecurityAnalyzer' } } })).status, 200);
        fake.enqueue(
          { toolCalls: [{ name: 'terminal', arguments: { command: 'echo low', security_risk: 'LOW' } }] },
          { text: 'again', toolCalls: [{ name: 'terminal', arguments: { command: 'echo unstated' } }] },
          { toolCalls: [{ name: 'terminal', arguments: { command: 'echo high', security_risk: 'HIGH' } }] },
        );
        await sendMessage(scenario, 'Try risks');
        await waitForStatus(scenario, 'waiting_for_confirmation');
        const events = await agentEvents(scenario);
        assert.deepEqual(kinds(events), ['MessageEvent(user)', 'ActionEvent', 'ObservationEvent', 'ActionEvent', 'AgentErrorEvent', 'ActionEvent']);
        assert.match(events[4].error, /Failed to provide security_risk field in tool 'terminal'/);
        assert.equal(events[5].security_risk, 'HIGH');
        assert.equal(fake.requests.length, 3);
      }));

    test('ConfirmRisky without an analyzer treats every risk as UNKNOWN and waits', () =>
      withFake(async (fake) => {
        fake.enqueue({ toolCalls: [{ name: 'terminal', arguments: { command: 'echo x', security_risk: 'LOW' } }] });
        const scenario = await createConversation(server, fake, protocol, { extra: { confirmation_policy: { kind: 'ConfirmRisky' } } });
        await sendMessage(scenario, 'Go');
        await waitForStatus(scenario, 'waiting_for_confirmation');
      }));
  });
}
