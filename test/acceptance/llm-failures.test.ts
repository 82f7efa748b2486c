/**
 * agent.md 11.6 and 15: LLM failures end the run with status `error` and a ConversationErrorEvent
 * in plain words that never contains the API key; a rate limit is retried.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { freePort } from '../support/server-process.js';
import { startServer, type TestServer } from '../support/server.js';
import { API_KEY, PROTOCOLS, agentEvents, allEvents, createConversation, kinds, sendMessage, waitForStatus, withFake } from './support.js';

for (const protocol of PROTOCOLS) {
  describe(`LLM failures over ${protocol.name}`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer();
    });
    after(async () => {
      await server.close({ removeData: true });
    });

    async function failedRun(scenario: Parameters<typeof agentEvents>[0]): Promise<any> {
      await sendMessage(scenario, 'Hello');
      await waitForStatus(scenario, 'error');
      const errors = (await agentEvents(scenario)).filter((event) => event.kind === 'ConversationErrorEvent');
      assert.equal(errors.length, 1);
      const everything = JSON.stringify(await allEvents(scenario));
      assert.equal(everything.includes(API_KEY), false, 'the API key appears in no event');
      assert.ok(errors[0].detail.length > 0);
      return errors[0];
    }

    test('401: LLMAuthenticationError, not retried', () =>
      withFake(async (fake) => {
        fake.enqueue({ error: { status: 401 } });
        const scenario = await createConversation(server, fake, protocol);
        const error = await failedRun(scenario);
        assert.equal(error.code, 'LLMAuthenticationError');
        assert.equal(fake.requests.length, 1);
      }));

    test('an unreachable endpoint is an error event, not a crash', async () => {
      const port = await freePort();
      const scenario = await withFake(async (fake) => createConversation(server, fake, protocol, { llm: { base_url: `http://127.0.0.1:${port}/v1` } }));
      const error = await failedRun(scenario);
      assert.match(error.code, /^LLM/);
    });

    test('a garbage answer is an error event', () =>
      withFake(async (fake) => {
        fake.setDefaultReply({ malformed: true });
        const scenario = await createConversation(server, fake, protocol);
        const error = await failedRun(scenario);
        assert.match(error.code, /^LLM/);
      }));

    test('429 is retried, then the answer is used', () =>
      withFake(async (fake) => {
        fake.enqueue({ error: { status: 429, headers: { 'retry-after': '0' } } }, { text: 'ok' });
        const scenario = await createConversation(server, fake, protocol);
        await sendMessage(scenario, 'Hello');
        await waitForStatus(scenario, 'finished');
        assert.deepEqual(kinds(await agentEvents(scenario)), ['MessageEvent(user)', 'MessageEvent(agent)']);
        assert.equal(fake.requests.length, 2);
      }));
  });
}
