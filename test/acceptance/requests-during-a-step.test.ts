/**
 * What clients send while a step is under way (api.md 13.3, 13.5, 6.4; the reference's conversation
 * lock): a run or message right after a pause resumes the run, a rejection never claims an action
 * that runs anyway, and a message sent while the LLM is answering comes after that answer.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { waitFor } from '../support/fixtures.js';
import { startServer, type TestServer } from '../support/server.js';
import { PROTOCOLS, agentEvents, createConversation, kinds, seen, sendMessage, textOf, waitForStatus, withFake, type Scenario } from './support.js';

const NEVER_CONFIRM = { confirmation_policy: { kind: 'NeverConfirm' } };

async function waitForAction(scenario: Scenario): Promise<void> {
  await waitFor(async () => (await agentEvents(scenario)).some((event) => event.kind === 'ActionEvent'), { what: 'the action to be recorded' });
}

for (const protocol of PROTOCOLS) {
  describe(`requests during a step over ${protocol.name}`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer();
    });
    after(async () => {
      await server.close({ removeData: true });
    });

    test('POST /run right after a pause, while the step still runs its command, resumes the run instead of answering 409', () =>
      withFake(async (fake) => {
        fake.enqueue({ toolCalls: [{ name: 'terminal', arguments: { command: 'sleep 1 && echo slept', security_risk: 'LOW' } }] }, { text: 'Finished after the pause.' });
        const scenario = await createConversation(server, fake, protocol, { extra: NEVER_CONFIRM });
        await sendMessage(scenario, 'Sleep a little');
        await waitForAction(scenario);
        assert.equal((await server.request('POST', `/api/conversations/${scenario.id}/pause`)).status, 200);
        const resumed = await server.request('POST', `/api/conversations/${scenario.id}/run`);
        assert.equal(resumed.status, 200, resumed.text);
        await waitForStatus(scenario, 'finished');
        assert.equal(fake.requests.length, 2);
        const events = await agentEvents(scenario);
        assert.equal(textOf(events.at(-1)), 'Finished after the pause.');
      }));

    test('a message with run: true right after a pause is answered', () =>
      withFake(async (fake) => {
        fake.enqueue({ toolCalls: [{ name: 'terminal', arguments: { command: 'sleep 1', security_risk: 'LOW' } }] }, { text: 'Answered the follow-up.' });
        const scenario = await createConversation(server, fake, protocol, { extra: NEVER_CONFIRM });
        await sendMessage(scenario, 'Sleep a little');
        await waitForAction(scenario);
        assert.equal((await server.request('POST', `/api/conversations/${scenario.id}/pause`)).status, 200);
        await sendMessage(scenario, 'And then answer me');
        await waitForStatus(scenario, 'finished');
        assert.equal(fake.requests.length, 2);
        assert.match(JSON.stringify(seen(fake.requests[1]).messages.at(-1)), /And then answer me/);
      }));

    test('a rejection sent while an action is running waits for it and rejects nothing that ran', () =>
      withFake(async (fake) => {
        fake.enqueue({ toolCalls: [{ name: 'terminal', arguments: { command: 'sleep 1 && touch ran.txt', security_risk: 'LOW' } }] }, { text: 'done' });
        const scenario = await createConversation(server, fake, protocol, { extra: NEVER_CONFIRM });
        await sendMessage(scenario, 'Make a file slowly');
        await waitForAction(scenario);
        const rejected = await server.request('POST', `/api/conversations/${scenario.id}/events/respond_to_confirmation`, { body: { accept: false, reason: 'too late' } });
        assert.equal(rejected.status, 200);
        await waitForStatus(scenario, 'finished');
        assert.ok(existsSync(path.join(scenario.workspace, 'ran.txt')));
        const events = await agentEvents(scenario);
        assert.equal(events.filter((event) => event.kind === 'UserRejectObservation').length, 0);
        assert.equal(events.filter((event) => event.kind === 'ObservationEvent').length, 1);
        assert.doesNotMatch(JSON.stringify(seen(fake.requests[1]).messages), /too late/);
      }));

    test('a message sent while the LLM is answering is recorded after that answer, and the next request ends with it', () =>
      withFake(async (fake) => {
        fake.enqueue({ text: 'Answer to the first question.', delayMs: 600 }, { text: 'Answer to the second question.' });
        const scenario = await createConversation(server, fake, protocol);
        await sendMessage(scenario, 'First question');
        await fake.waitForRequests(1);
        await sendMessage(scenario, 'Second question');
        await waitFor(async () => fake.requests.length === 2 && (await agentEvents(scenario)).length === 4, { what: 'the second answer' });
        await waitForStatus(scenario, 'finished');
        const events = await agentEvents(scenario);
        assert.deepEqual(
          events.map((event) => `${kinds([event])[0]}: ${textOf(event)}`),
          [
            'MessageEvent(user): First question',
            'MessageEvent(agent): Answer to the first question.',
            'MessageEvent(user): Second question',
            'MessageEvent(agent): Answer to the second question.',
          ],
        );
        const second = seen(fake.requests[1]).messages;
        assert.deepEqual(second.map((message) => message.role), ['system', 'user', 'assistant', 'user']);
        assert.equal(second.at(-1)!.text, 'Second question');
      }));
  });
}

describe('a message while the LLM never answers', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({ overrides: { userMessageWaitMs: 200 } });
  });
  after(async () => {
    await server.close({ removeData: true });
  });

  test('is recorded anyway once the wait limit passes, so the client is not held for the whole LLM call', () =>
    withFake(async (fake) => {
      fake.enqueue({ hang: true });
      const scenario = await createConversation(server, fake, PROTOCOLS[0]);
      await sendMessage(scenario, 'First question');
      await fake.waitForRequests(1);
      await sendMessage(scenario, 'Anyone there?', false);
      const users = (await agentEvents(scenario)).filter((event) => event.kind === 'MessageEvent' && event.source === 'user');
      assert.deepEqual(users.map((event) => textOf(event)), ['First question', 'Anyone there?']);
      assert.equal((await server.request('DELETE', `/api/conversations/${scenario.id}`)).status, 200);
    }));
});
