/**
 * agent.md 15 and api.md 13: how runs start and stop. `POST /run` returns at once (409 while a
 * run is active), pause takes effect between steps, and iteration, stuck and budget limits end the
 * run with an event that says why.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startServer, type TestServer } from '../support/server.js';
import { PROTOCOLS, agentEvents, allEvents, createConversation, info, kinds, sendMessage, waitForStatus, withFake } from './support.js';

for (const protocol of PROTOCOLS) {
  describe(`run control over ${protocol.name}`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer();
    });
    after(async () => {
      await server.close({ removeData: true });
    });

    test('initial_message starts a run', () =>
      withFake(async (fake) => {
        fake.enqueue({ text: 'Hi there' });
        const scenario = await createConversation(server, fake, protocol, {
          extra: { initial_message: { role: 'user', content: [{ type: 'text', text: 'Hello' }] } },
        });
        await waitForStatus(scenario, 'finished');
        assert.deepEqual(kinds(await agentEvents(scenario)), ['MessageEvent(user)', 'MessageEvent(agent)']);
      }));

    test('POST /run returns while the LLM call is still open, and answers 409 while the run is active', () =>
      withFake(async (fake) => {
        fake.enqueue({ hang: true });
        const scenario = await createConversation(server, fake, protocol);
        await sendMessage(scenario, 'Work slowly', false);
        const first = await server.request('POST', `/api/conversations/${scenario.id}/run`);
        assert.equal(first.status, 200);
        assert.deepEqual(first.body, { success: true });
        await fake.waitForRequests(1);
        assert.equal((await info(scenario)).execution_status, 'running');
        const second = await server.request('POST', `/api/conversations/${scenario.id}/run`);
        assert.equal(second.status, 409);
        assert.deepEqual(second.body, { detail: 'Conversation already running. Wait for completion or pause first.' });
        assert.equal((await server.request('DELETE', `/api/conversations/${scenario.id}`)).status, 200);
      }));

    test('a pause during a step stops the run after that step; run resumes it', () =>
      withFake(async (fake) => {
        fake.enqueue({ toolCalls: [{ name: 'think', arguments: { thought: 'slow' } }], delayMs: 700 }, { text: 'ok' });
        const scenario = await createConversation(server, fake, protocol);
        await sendMessage(scenario, 'Go');
        await fake.waitForRequests(1);
        assert.equal((await server.request('POST', `/api/conversations/${scenario.id}/pause`)).status, 200);
        await waitForStatus(scenario, 'paused');
        const events = await agentEvents(scenario);
        assert.deepEqual(kinds(events).sort(), ['ActionEvent', 'MessageEvent(user)', 'ObservationEvent', 'PauseEvent'].sort());
        assert.equal(fake.requests.length, 1);
        assert.equal((await server.request('POST', `/api/conversations/${scenario.id}/run`)).status, 200);
        await waitForStatus(scenario, 'finished');
        assert.equal(fake.requests.length, 2);
      }));

    test('max_iterations ends the run with status error and MaxIterationsReached', () =>
      withFake(async (fake) => {
        fake.setDefaultReply((request) => ({ toolCalls: [{ name: 'think', arguments: { thought: `t${request.index}` } }] }));
        const scenario = await createConversation(server, fake, protocol, { extra: { max_iterations: 3 } });
        await sendMessage(scenario, 'Keep thinking');
        await waitForStatus(scenario, 'error');
        const events = await agentEvents(scenario);
        assert.equal(fake.requests.length, 3);
        assert.equal(events.filter((event) => event.kind === 'ObservationEvent').length, 3);
        const errors = events.filter((event) => event.kind === 'ConversationErrorEvent');
        assert.equal(errors.length, 1);
        assert.equal(errors[0].code, 'MaxIterationsReached');
      }));

    test('the same action and observation four times is stuck; a new message lets it run again', () =>
      withFake(async (fake) => {
        fake.setDefaultReply({ toolCalls: [{ name: 'think', arguments: { thought: 'same' } }] });
        const scenario = await createConversation(server, fake, protocol);
        await sendMessage(scenario, 'Loop');
        await waitForStatus(scenario, 'stuck');
        assert.equal(fake.requests.length, 4);
        const events = await agentEvents(scenario);
        assert.deepEqual(kinds(events), ['MessageEvent(user)', ...Array(4).fill(['ActionEvent', 'ObservationEvent']).flat(), 'ConversationErrorEvent']);
        assert.equal(events.at(-1).code, 'StuckDetected');
        assert.match(events.at(-1).detail, /repeating_action_observation/);
        fake.setDefaultReply({ text: 'Stopping now.' });
        await sendMessage(scenario, 'Stop looping');
        await waitForStatus(scenario, 'finished');
        assert.equal(fake.requests.length, 5);
      }));

    test('the same failing call three times is stuck', () =>
      withFake(async (fake) => {
        fake.setDefaultReply({ toolCalls: [{ name: 'nope', arguments: {} }] });
        const scenario = await createConversation(server, fake, protocol);
        await sendMessage(scenario, 'Loop');
        await waitForStatus(scenario, 'stuck');
        assert.equal(fake.requests.length, 3);
        const events = await agentEvents(scenario);
        assert.equal(events.filter((event) => event.kind === 'AgentErrorEvent').length, 3);
        assert.match(events.at(-1).detail, /repeating_action_error/);
      }));

    test('max_budget_per_task stops the run before a call that would pass the budget', () =>
      withFake(async (fake) => {
        // Each call costs 100 prompt tokens x $0.001 = $0.10.
        fake.setDefaultReply((request) => ({ toolCalls: [{ name: 'think', arguments: { thought: `t${request.index}` } }], usage: { promptTokens: 100, completionTokens: 0 } }));
        const scenario = await createConversation(server, fake, protocol, {
          llm: { input_cost_per_token: 0.001, output_cost_per_token: 0, max_budget_per_task: 0.25 },
        });
        assert.equal((await info(scenario)).agent.llm.max_budget_per_task, undefined, 'not echoed: no such contract field');
        await sendMessage(scenario, 'Spend');
        const final = await waitForStatus(scenario, 'error');
        assert.equal(fake.requests.length, 2);
        const metrics = final.stats.usage_to_metrics.agent;
        assert.equal(metrics.max_budget_per_task, 0.25);
        assert.ok(Math.abs(metrics.accumulated_cost - 0.2) < 1e-9, String(metrics.accumulated_cost));
        const error = (await agentEvents(scenario)).find((event) => event.kind === 'ConversationErrorEvent');
        assert.equal(error.code, 'MaxBudgetReached');
      }));

    test('stats: every call is counted with its cost and announced in snapshot form', () =>
      withFake(async (fake) => {
        fake.enqueue({ text: 'Hello!', usage: { promptTokens: 100, completionTokens: 10 } });
        const scenario = await createConversation(server, fake, protocol, { llm: { input_cost_per_token: 0.001, output_cost_per_token: 0.002 } });
        await sendMessage(scenario, 'Hi');
        const final = await waitForStatus(scenario, 'finished');
        const metrics = final.stats.usage_to_metrics.agent;
        assert.ok(Math.abs(metrics.accumulated_cost - 0.12) < 1e-9, String(metrics.accumulated_cost));
        assert.equal(metrics.accumulated_token_usage.prompt_tokens, 100);
        assert.equal(metrics.accumulated_token_usage.completion_tokens, 10);
        assert.equal(metrics.costs.length, 1);
        assert.equal(metrics.response_latencies.length, 1);
        assert.equal(metrics.token_usages.length, 1);
        const updates = (await allEvents(scenario)).filter((event) => event.kind === 'ConversationStateUpdateEvent' && event.key === 'stats');
        assert.equal(updates.length, 1);
        assert.deepEqual(Object.keys(updates[0].value.usage_to_metrics.agent).sort(), ['accumulated_cost', 'accumulated_token_usage', 'max_budget_per_task', 'model_name']);
      }));
  });
}

describe('OH_BLOCKING_RUN (extension)', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({ config: { blockingRun: true } });
  });
  after(async () => {
    await server.close({ removeData: true });
  });

  test('POST /run answers once the run has ended, as clients of the 1a893c3 era expect', () =>
    withFake(async (fake) => {
      fake.enqueue({ toolCalls: [{ name: 'think', arguments: { thought: 'first' } }], delayMs: 300 }, { text: 'All done.', delayMs: 300 });
      const scenario = await createConversation(server, fake, PROTOCOLS[0]);
      await sendMessage(scenario, 'Work a little', false);
      const run = await server.request('POST', `/api/conversations/${scenario.id}/run`);
      assert.equal(run.status, 200);
      assert.equal(fake.requests.length, 2, 'both LLM calls happened before the answer');
      assert.equal((await info(scenario)).execution_status, 'finished');
    }));
});
