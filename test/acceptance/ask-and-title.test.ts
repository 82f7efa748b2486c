/** api.md 5.13-5.14, agent.md 13: ask_agent and generate_title, over both wire protocols. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startServer, type TestServer } from '../support/server.js';
import { PROTOCOLS, allEvents, createConversation, info, llmConfig, seen, sendMessage, waitForStatus, withFake } from './support.js';

for (const protocol of PROTOCOLS) {
  describe(`ask_agent and generate_title over ${protocol.name}`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer();
    });
    after(async () => {
      await server.close({ removeData: true });
    });

    test('ask_agent sends the history, the question and the tools; adds no event; counts under ask-agent-llm', () =>
      withFake(async (fake) => {
        fake.enqueue({ text: 'Hello!' }, { text: 'I greeted you.' });
        const scenario = await createConversation(server, fake, protocol);
        await sendMessage(scenario, 'Say hello');
        await waitForStatus(scenario, 'finished');
        const before = (await allEvents(scenario)).length;
        const answer = await server.request('POST', `/api/conversations/${scenario.id}/ask_agent`, { body: { question: 'What did you do?' } });
        assert.equal(answer.status, 200, answer.text);
        assert.deepEqual(answer.body, { response: 'I greeted you.' });
        assert.equal((await allEvents(scenario)).length, before);
        const request = seen(fake.requests[1]);
        assert.deepEqual(request.messages.map((message) => message.role), ['system', 'user', 'assistant', 'user']);
        assert.match(request.messages[3].text, /What did you do\?/);
        assert.equal(request.tools.length, 5);
        const stats = (await info(scenario)).stats.usage_to_metrics;
        assert.deepEqual(Object.keys(stats).sort(), ['agent', 'ask-agent-llm']);
        assert.equal(stats['ask-agent-llm'].token_usages.length, 1);
      }));

    test('generate_title clips a long answer, and falls back to the first message when the LLM fails', () =>
      withFake(async (fake) => {
        const scenario = await createConversation(server, fake, protocol);
        await sendMessage(scenario, 'Please refactor the parser module', false);
        fake.enqueue({ text: `✨ ${'x'.repeat(58)}` });
        const title = await server.request('POST', `/api/conversations/${scenario.id}/generate_title`, { body: { max_length: 20 } });
        assert.equal(title.status, 200, title.text);
        assert.equal(title.body.title.length, 20);
        assert.ok(title.body.title.endsWith('...'));
        assert.match(seen(fake.requests[0]).messages.at(-1)?.text ?? '', /Please refactor the parser module/);
        fake.enqueue({ error: { status: 401 } });
        const fallback = await server.request('POST', `/api/conversations/${scenario.id}/generate_title`, { body: { max_length: 20 } });
        assert.deepEqual(fallback.body, { title: 'Please refactor t...' });
        assert.equal((await info(scenario)).title, null, 'the title is not stored');
      }));

    test('generate_title with its own LLM counts it under that usage id', () =>
      withFake(async (fake) => {
        const scenario = await createConversation(server, fake, protocol);
        await sendMessage(scenario, 'Fix the login bug', false);
        fake.enqueue({ text: '🐛 Fix login bug' });
        const title = await server.request('POST', `/api/conversations/${scenario.id}/generate_title`, { body: { llm: llmConfig(fake, protocol, { usage_id: 'titles' }) } });
        assert.deepEqual(title.body, { title: '🐛 Fix login bug' });
        assert.ok((await info(scenario)).stats.usage_to_metrics.titles);
      }));

    test('generate_title without any user message is a 500', () =>
      withFake(async (fake) => {
        const scenario = await createConversation(server, fake, protocol);
        const response = await server.request('POST', `/api/conversations/${scenario.id}/generate_title`, { body: {} });
        assert.equal(response.status, 500);
        assert.match(response.text, /No user messages found in conversation events/);
      }));
  });
}
