/**
 * agent.md 15.16-15.17 over both wire protocols: the history is condensed when it grows past
 * `max_size` or when the model says the prompt is too long; the condenser's own LLM writes the
 * summary, its usage is counted under its usage id, and the next agent request carries the summary
 * in place of the forgotten events.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FakeLlm, RecordedRequest, ScriptedReply } from '../support/fake-llm/index.js';
import { startServer, type TestServer } from '../support/server.js';
import { PROTOCOLS, agentEvents, allEvents, createConversation, info, kinds, llmConfig, sendMessage, waitForStatus, withFake, type Protocol } from './support.js';

const think = (thought: string): ScriptedReply => ({ toolCalls: [{ name: 'think', arguments: { thought } }] });
const TOO_LONG: ScriptedReply = { error: { status: 400, message: 'prompt is too long: 300000 tokens' } };

function condenser(fake: FakeLlm, protocol: Protocol, sizes: { max_size: number; keep_first: number }): Record<string, unknown> {
  return { kind: 'LLMSummarizingCondenser', llm: llmConfig(fake, protocol, { usage_id: 'condenser' }), ...sizes };
}

/** Each text block, tool call and tool result of a request, in order, as `role:text` (both protocols alike). */
function blocks(request: RecordedRequest): string[] {
  const body = request.body as any;
  const out: string[] = [];
  const text = (content: any): string[] =>
    typeof content === 'string' ? [content] : (content ?? []).filter((part: any) => part.type === 'text').map((part: any) => part.text);
  if (request.protocol === 'anthropic') {
    if (body.system) out.push(...text(body.system).map(() => 'system'));
    for (const message of body.messages) {
      for (const block of typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : message.content) {
        if (block.type === 'text') out.push(`${message.role}:${block.text}`);
        else if (block.type === 'tool_use') out.push(`call:${JSON.stringify(block.input)}`);
        else if (block.type === 'tool_result') out.push(`tool:${text(block.content).join('')}`);
      }
    }
    return out;
  }
  for (const message of body.messages) {
    if (message.role === 'system' || message.role === 'developer') out.push('system');
    else if (message.role === 'tool') out.push(`tool:${text(message.content).join('')}`);
    else out.push(...text(message.content).map((part) => `${message.role}:${part}`));
    for (const call of message.tool_calls ?? []) out.push(`call:${JSON.stringify(JSON.parse(call.function.arguments))}`);
  }
  return out;
}

function assertCondenserRequest(request: RecordedRequest): void {
  const body = request.body as any;
  assert.equal(body.tools, undefined, 'the condenser call declares no tools');
  assert.equal(body.system, undefined, 'no system prompt (Anthropic)');
  assert.equal(body.messages.length, 1);
  assert.equal(body.messages[0].role, 'user');
  assert.match(JSON.stringify(body.messages[0].content), /<PREVIOUS SUMMARY>/);
}

for (const protocol of PROTOCOLS) {
  describe(`condensation over ${protocol.name}`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer();
    });
    after(async () => {
      await server.close({ removeData: true });
    });

    test('15.16: past max_size the middle is summarised by the condenser LLM, then the agent sees [system, user, summary, tail]', () =>
      withFake(async (fake) => {
        fake.enqueue(think('t1'), think('t2'), think('t3'), think('t4'), think('t5'));
        fake.enqueue({ text: 'SUMMARY', usage: { promptTokens: 777, completionTokens: 33 } }, { text: 'ok' });
        const scenario = await createConversation(server, fake, protocol, {
          llm: { usage_id: 'default' },
          agent: { condenser: condenser(fake, protocol, { max_size: 10, keep_first: 2 }) },
        });
        await sendMessage(scenario, 'Think five times');
        await waitForStatus(scenario, 'finished');

        const events = await agentEvents(scenario);
        assert.deepEqual(kinds(events), ['MessageEvent(user)', ...Array(5).fill(['ActionEvent', 'ObservationEvent']).flat(), 'Condensation', 'MessageEvent(agent)']);
        const condensation = events[11];
        assert.deepEqual(condensation.forgotten_event_ids, events.slice(1, 9).map((event) => event.id));
        assert.equal(condensation.summary, 'SUMMARY');
        assert.equal(condensation.summary_offset, 2);
        assert.equal(condensation.source, 'environment');
        assert.equal(typeof condensation.llm_response_id, 'string');

        assert.equal(fake.requests.length, 7);
        assertCondenserRequest(fake.requests[5]);
        assert.match(JSON.stringify(fake.requests[5].body), /t4/, 'the forgotten events are in the condenser prompt');
        assert.deepEqual(blocks(fake.requests[6]), ['system', 'user:Think five times', 'user:SUMMARY', 'call:{"thought":"t5"}', 'tool:Your thought has been logged.']);

        const usage = (await info(scenario)).stats.usage_to_metrics;
        assert.deepEqual(Object.keys(usage).sort(), ['condenser', 'default']);
        assert.equal(usage.condenser.accumulated_token_usage.prompt_tokens, 777);
        assert.equal(usage.condenser.accumulated_token_usage.completion_tokens, 33);
        assert.notEqual(usage.default.accumulated_token_usage.prompt_tokens, 777, 'the agent usage is counted apart');
        const announced = (await allEvents(scenario)).filter((event) => event.kind === 'ConversationStateUpdateEvent' && event.key === 'stats');
        assert.ok(
          announced.some((event) => event.value.usage_to_metrics.condenser?.accumulated_token_usage?.prompt_tokens === 777),
          'the condenser usage is announced in a stats update',
        );
      }));

    test('15.17: a context-window error records a CondensationRequest; the next step halves the view and the agent retries', () =>
      withFake(async (fake) => {
        fake.enqueue(think('t1'), think('t2'), think('t3'), TOO_LONG, { text: 'S' }, { text: 'ok' });
        const scenario = await createConversation(server, fake, protocol, {
          agent: { condenser: condenser(fake, protocol, { max_size: 100, keep_first: 1 }) },
        });
        await sendMessage(scenario, 'Think three times');
        await waitForStatus(scenario, 'finished');

        const events = await agentEvents(scenario);
        assert.deepEqual(kinds(events), [
          'MessageEvent(user)',
          ...Array(3).fill(['ActionEvent', 'ObservationEvent']).flat(),
          'CondensationRequest',
          'Condensation',
          'MessageEvent(agent)',
        ]);
        const condensation = events[8];
        assert.deepEqual(condensation.forgotten_event_ids, events.slice(0, 5).map((event) => event.id));
        assert.equal(condensation.summary, 'S');
        assert.equal(condensation.summary_offset, 1);

        assert.equal(fake.requests.length, 6, 'the context-window error is not retried');
        assertCondenserRequest(fake.requests[4]);
        assert.deepEqual(blocks(fake.requests[5]), ['system', 'user:S', 'call:{"thought":"t3"}', 'tool:Your thought has been logged.']);
        assert.deepEqual(Object.keys((await info(scenario)).stats.usage_to_metrics).sort(), ['agent', 'condenser']);
      }));

    test('15.17: without a condenser the same error ends the run with LLMContextWindowExceedError', () =>
      withFake(async (fake) => {
        fake.enqueue(think('t1'), TOO_LONG);
        const scenario = await createConversation(server, fake, protocol);
        await sendMessage(scenario, 'Think');
        const state = await waitForStatus(scenario, 'error');
        assert.equal(state.execution_status, 'error');
        const events = await agentEvents(scenario);
        assert.deepEqual(kinds(events), ['MessageEvent(user)', 'ActionEvent', 'ObservationEvent', 'ConversationErrorEvent']);
        assert.equal(events[3].code, 'LLMContextWindowExceedError');
        assert.match(events[3].detail, /context window/);
        assert.equal(fake.requests.length, 2);
      }));

    test('a NoOpCondenser does not handle the error either', () =>
      withFake(async (fake) => {
        fake.enqueue(TOO_LONG);
        const scenario = await createConversation(server, fake, protocol, { agent: { condenser: { kind: 'NoOpCondenser' } } });
        await sendMessage(scenario, 'Hello');
        await waitForStatus(scenario, 'error');
        const events = await agentEvents(scenario);
        assert.deepEqual(kinds(events), ['MessageEvent(user)', 'ConversationErrorEvent']);
        assert.equal(events[1].code, 'LLMContextWindowExceedError');
      }));

    test('when nothing is left to forget, a second context-window error ends the run instead of looping', () =>
      withFake(async (fake) => {
        fake.enqueue(TOO_LONG, TOO_LONG);
        const scenario = await createConversation(server, fake, protocol, {
          agent: { condenser: condenser(fake, protocol, { max_size: 100, keep_first: 1 }) },
        });
        await sendMessage(scenario, 'Hello');
        await waitForStatus(scenario, 'error');
        const events = await agentEvents(scenario);
        assert.deepEqual(kinds(events), ['MessageEvent(user)', 'CondensationRequest', 'ConversationErrorEvent']);
        assert.equal(events[2].code, 'LLMContextWindowExceedError');
        assert.equal(fake.requests.length, 2, 'both calls were the agent’s: the condenser had nothing to summarise');
        assert.ok(fake.requests.every((request) => (request.body as any).tools !== undefined));
      }));

    test('a pipeline condenses with its first member that needs to', () =>
      withFake(async (fake) => {
        fake.enqueue(think('t1'), think('t2'), think('t3'), think('t4'), { text: 'PIPELINE SUMMARY' }, { text: 'done' });
        const scenario = await createConversation(server, fake, protocol, {
          agent: {
            condenser: {
              kind: 'PipelineCondenser',
              condensers: [{ kind: 'NoOpCondenser' }, condenser(fake, protocol, { max_size: 8, keep_first: 1 })],
            },
          },
        });
        await sendMessage(scenario, 'Think four times');
        await waitForStatus(scenario, 'finished');
        const events = await agentEvents(scenario);
        assert.deepEqual(kinds(events), ['MessageEvent(user)', ...Array(4).fill(['ActionEvent', 'ObservationEvent']).flat(), 'Condensation', 'MessageEvent(agent)']);
        assert.equal(events[9].summary, 'PIPELINE SUMMARY');
        assert.deepEqual(events[9].forgotten_event_ids, events.slice(0, 7).map((event) => event.id));
        assertCondenserRequest(fake.requests[4]);
        assert.deepEqual(blocks(fake.requests[5]), ['system', 'user:PIPELINE SUMMARY', 'call:{"thought":"t4"}', 'tool:Your thought has been logged.']);
      }));
  });
}
