/**
 * Extension B of issue 4: with `OH_CONFIRMATION_TIMEOUT_SECONDS` set, a conversation left in
 * `waiting_for_confirmation` gets the configured default decision, so an unattended run never
 * hangs; after a restart the timer is armed again for conversations still waiting.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { waitFor } from '../support/fixtures.js';
import { makeDataDir, startServer } from '../support/server.js';
import { PROTOCOLS, agentEvents, createConversation, kinds, seen, sendMessage, waitForEvent, waitForStatus, withFake } from './support.js';

const [openai] = PROTOCOLS;
const ALWAYS = { confirmation_policy: { kind: 'AlwaysConfirm' } };
const touch = (file: string) => ({ toolCalls: [{ name: 'terminal', arguments: { command: `touch ${file}`, security_risk: 'LOW' } }] });

test('decision reject: the pending action is rejected with a reason saying it timed out, and never runs', () =>
  withFake(async (fake) => {
    const server = await startServer({ config: { confirmationTimeout: { seconds: 0.2, decision: 'reject' } } });
    try {
      fake.enqueue(touch('marker.txt'));
      const scenario = await createConversation(server, fake, openai, { extra: ALWAYS });
      await sendMessage(scenario, 'Make the marker');
      const rejection = await waitForEvent(scenario, (event) => event.kind === 'UserRejectObservation', 'the timeout rejection');
      assert.match(rejection.rejection_reason, /^Timed out: no confirmation within 0\.2 seconds/);
      await waitForStatus(scenario, 'idle');
      const events = await agentEvents(scenario);
      assert.deepEqual(kinds(events), ['MessageEvent(user)', 'ActionEvent', 'UserRejectObservation']);
      assert.equal(rejection.action_id, events[1].id);
      assert.equal(existsSync(path.join(scenario.workspace, 'marker.txt')), false);
      assert.equal(fake.requests.length, 1, 'no LLM call after the rejection until someone runs the conversation');
      fake.enqueue({ text: 'understood' });
      await server.request('POST', `/api/conversations/${scenario.id}/run`);
      await waitForStatus(scenario, 'finished');
      assert.match(seen(fake.requests[1]).messages.at(-1)!.text, /^Action rejected: Timed out/);
    } finally {
      await server.close({ removeData: true });
    }
  }));

test('decision accept: the pending action runs on its own, then the loop goes on', () =>
  withFake(async (fake) => {
    const server = await startServer({ config: { confirmationTimeout: { seconds: 0.2, decision: 'accept' } } });
    try {
      fake.enqueue(touch('marker.txt'), { text: 'done' });
      const scenario = await createConversation(server, fake, openai, { extra: ALWAYS });
      await sendMessage(scenario, 'Make the marker');
      await waitForStatus(scenario, 'finished');
      assert.deepEqual(kinds(await agentEvents(scenario)), ['MessageEvent(user)', 'ActionEvent', 'ObservationEvent', 'MessageEvent(agent)']);
      assert.equal(existsSync(path.join(scenario.workspace, 'marker.txt')), true);
      assert.equal(fake.requests.length, 2);
    } finally {
      await server.close({ removeData: true });
    }
  }));

test('a conversation still waiting after a restart gets its timer back', () =>
  withFake(async (fake) => {
    const dataDir = await makeDataDir();
    const first = await startServer({ dataDir });
    fake.enqueue(touch('marker.txt'));
    const scenario = await createConversation(first, fake, openai, { extra: ALWAYS });
    await sendMessage(scenario, 'Make the marker');
    await waitForStatus(scenario, 'waiting_for_confirmation');
    await first.close();

    const second = await startServer({ dataDir, config: { confirmationTimeout: { seconds: 0.2, decision: 'reject' } } });
    try {
      const restarted = { ...scenario, server: second };
      // Only the search route is asked, which reads stored rows and loads no conversation: the
      // server armed the timer at start-up on its own.
      await waitFor(
        async () => {
          const page = await second.request('GET', '/api/conversations/search?limit=100');
          return page.body.items.find((item: any) => item.id === scenario.id)?.execution_status === 'idle';
        },
        { what: 'the conversation to leave waiting_for_confirmation', timeoutMs: 15_000 },
      );
      const events = await agentEvents(restarted);
      assert.deepEqual(kinds(events), ['MessageEvent(user)', 'ActionEvent', 'UserRejectObservation']);
      assert.match(events[2].rejection_reason, /^Timed out/);
      assert.equal(existsSync(path.join(scenario.workspace, 'marker.txt')), false);
    } finally {
      await second.close({ removeData: true });
    }
  }));
