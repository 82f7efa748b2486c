/**
 * api.md 13.6 and 14.4.13: with `litellm_extra_body: {return_token_ids: true}` the request asks a
 * vLLM-style server for token ids, and each step ends with a TokenEvent holding the prompt's and
 * the reply's ids. Without the option there is no such event. OpenAI Chat Completions only: it is
 * the protocol vLLM speaks.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startServer, type TestServer } from '../support/server.js';
import { PROTOCOLS, allEvents, createConversation, seen, sendMessage, waitForStatus, withFake } from './support.js';

const openai = PROTOCOLS.find((protocol) => protocol.name === 'openai')!;

describe('vLLM token ids', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await server.close({ removeData: true });
  });

  test('each step ends with a TokenEvent: after the observation of a tool call, after the final message', () =>
    withFake(async (fake) => {
      fake.enqueue(
        { toolCalls: [{ name: 'terminal', arguments: { command: 'echo tokens', security_risk: 'LOW' } }], tokenIds: { prompt: [101, 102, 103], response: [7, 8] } },
        { text: 'Done.', tokenIds: { prompt: [101, 102, 103, 104], response: [9] } },
      );
      const scenario = await createConversation(server, fake, openai, { llm: { litellm_extra_body: { return_token_ids: true } } });
      await sendMessage(scenario, 'Echo with token ids');
      await waitForStatus(scenario, 'finished');
      assert.equal(fake.requests[0].body.return_token_ids, true, 'the option reaches the server in the request body');
      const events = (await allEvents(scenario)).filter((event) => ['ActionEvent', 'ObservationEvent', 'MessageEvent', 'TokenEvent'].includes(event.kind));
      assert.deepEqual(
        events.map((event) => event.kind),
        ['MessageEvent', 'ActionEvent', 'ObservationEvent', 'TokenEvent', 'MessageEvent', 'TokenEvent'],
      );
      assert.deepEqual([events[3].source, events[3].prompt_token_ids, events[3].response_token_ids], ['agent', [101, 102, 103], [7, 8]]);
      assert.deepEqual([events[5].prompt_token_ids, events[5].response_token_ids], [[101, 102, 103, 104], [9]]);
      assert.deepEqual(seen(fake.requests[1]).messages.map((message) => message.role), ['system', 'user', 'assistant', 'tool'], 'a TokenEvent is not sent to the LLM');
    }));

  test('without return_token_ids no token ids are asked for and no TokenEvent is recorded', () =>
    withFake(async (fake) => {
      fake.enqueue({ text: 'Plain.' });
      const scenario = await createConversation(server, fake, openai);
      await sendMessage(scenario, 'No token ids');
      await waitForStatus(scenario, 'finished');
      assert.equal('return_token_ids' in fake.requests[0].body, false);
      assert.equal((await allEvents(scenario)).some((event) => event.kind === 'TokenEvent'), false);
    }));
});
