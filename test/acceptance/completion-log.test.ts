/**
 * api.md 13.6 step 3 and 14.4.14: an LLM with `log_completions: true` adds an LLMCompletionLogEvent
 * after every call (never shown to the LLM, never holding the api key); by default there is none.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startServer, type TestServer } from '../support/server.js';
import { API_KEY, PROTOCOLS, allEvents, createConversation, sendMessage, waitForStatus, withFake } from './support.js';

for (const protocol of PROTOCOLS) {
  describe(`completion logs over ${protocol.name}`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer();
    });
    after(async () => {
      await server.close({ removeData: true });
    });

    test('log_completions: one LLMCompletionLogEvent per LLM call, after its stats update, not sent to the LLM', () =>
      withFake(async (fake) => {
        fake.enqueue({ toolCalls: [{ name: 'terminal', arguments: { command: 'echo logged-output', security_risk: 'LOW' } }] }, { text: 'All done here.' });
        const scenario = await createConversation(server, fake, protocol, { llm: { log_completions: true } });
        await sendMessage(scenario, 'Please echo something');
        await waitForStatus(scenario, 'finished');
        const events = await allEvents(scenario);
        const logs = events.filter((event) => event.kind === 'LLMCompletionLogEvent');
        assert.equal(fake.requests.length, 2);
        assert.equal(logs.length, 2);
        const prefix = protocol.model.replaceAll('/', '__');
        for (const log of logs) {
          assert.equal(log.source, 'environment');
          assert.equal(log.usage_id, 'agent');
          assert.equal(log.model_name, protocol.model);
          assert.ok(log.filename.startsWith(`${prefix}-`), log.filename);
          assert.match(log.filename.slice(prefix.length), /^-\d+\.\d{3}-[0-9a-f]{4}\.json$/);
          assert.ok(!log.log_data.includes(API_KEY));
          assert.ok(!JSON.stringify(log).includes(API_KEY));
          const data = JSON.parse(log.log_data);
          assert.ok(JSON.stringify(data.messages).includes('Please echo something'));
          assert.ok(data.tools.includes('terminal'));
          assert.equal(typeof data.response.id, 'string');
        }
        const [first, second] = logs.map((log) => JSON.parse(log.log_data));
        assert.equal(first.response.tool_calls[0].name, 'terminal');
        assert.equal(second.response.text, 'All done here.');
        assert.ok(JSON.stringify(second.messages).includes('logged-output'));
        // Each log follows the stats update of its call.
        for (const log of logs) {
          const before = events[events.indexOf(log) - 1];
          assert.equal(before.kind, 'ConversationStateUpdateEvent');
          assert.equal(before.key, 'stats');
        }
        // The second request carries the history without the first call's log.
        const secondRequest = JSON.stringify(fake.requests[1].body);
        assert.ok(!secondRequest.includes('LLMCompletionLogEvent'));
        assert.ok(!secondRequest.includes(logs[0].filename));
        assert.ok(!secondRequest.includes('log_data'));
      }));

    test('by default no LLMCompletionLogEvent is recorded', () =>
      withFake(async (fake) => {
        fake.enqueue({ text: 'Hi.' });
        const scenario = await createConversation(server, fake, protocol);
        await sendMessage(scenario, 'Say hi');
        await waitForStatus(scenario, 'finished');
        const events = await allEvents(scenario);
        assert.equal(fake.requests.length, 1);
        assert.equal(events.filter((event) => event.kind === 'LLMCompletionLogEvent').length, 0);
      }));
  });
}
