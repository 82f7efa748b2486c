/**
 * agent.md 15 behaviour 20 (terminal soft timeout, control keys, truncation with the full output
 * saved) and the "further checks": an editor error as the LLM reads it, and a message after
 * `finished` that sends the whole history again.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startServer, type TestServer } from '../support/server.js';
import { PROTOCOLS, agentEvents, createConversation, info, seen, sendMessage, textOf, waitForStatus, withFake } from './support.js';

describe('terminal timeouts and truncation (openai wire protocol)', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await server.close({ removeData: true });
  });

  test('a silent command hits the soft timeout; C-c interrupts it; asking for logs with nothing running is an error', () =>
    withFake(async (fake) => {
      fake.enqueue(
        { text: 'wait', toolCalls: [{ name: 'terminal', arguments: { command: 'sleep 30', security_risk: 'LOW' } }] },
        { text: 'stop it', toolCalls: [{ name: 'terminal', arguments: { command: 'C-c', is_input: true, security_risk: 'LOW' } }] },
        { text: 'logs?', toolCalls: [{ name: 'terminal', arguments: { command: '', is_input: false, security_risk: 'LOW' } }] },
        { text: 'ok' },
      );
      const scenario = await createConversation(server, fake, PROTOCOLS[0], { tools: [{ name: 'terminal', params: { no_change_timeout_seconds: 2 } }] });
      await sendMessage(scenario, 'Sleep');
      await waitForStatus(scenario, 'finished');
      const observations = (await agentEvents(scenario)).filter((event) => event.kind === 'ObservationEvent');
      assert.equal(observations.length, 3);
      const [slept, interrupted, logs] = observations.map((event) => event.observation);
      assert.equal(slept.metadata.exit_code, -1);
      assert.match(slept.metadata.suffix, /no new output after 2 seconds/);
      assert.match(interrupted.metadata.suffix, /CTRL\+C was sent/);
      assert.equal(interrupted.metadata.exit_code, 130);
      assert.equal(logs.is_error, true);
      assert.match(textOf({ observation: logs }), /No previous running command to retrieve logs from\./);
      const second = seen(fake.requests[1]);
      assert.match(second.messages[second.messages.length - 1].text, /no new output after 2 seconds/);
    }));

  test('40,000 characters of output: all stored, 30,000 sent to the LLM with the saved file named', () =>
    withFake(async (fake) => {
      const command = "python3 -c \"print('x' * 40000)\" 2>/dev/null || printf 'x%.0s' $(seq 1 40000)";
      fake.enqueue({ toolCalls: [{ name: 'terminal', arguments: { command, security_risk: 'LOW' } }] }, { text: 'ok' });
      const scenario = await createConversation(server, fake, PROTOCOLS[0]);
      await sendMessage(scenario, 'Print a lot');
      await waitForStatus(scenario, 'finished');
      const observation = (await agentEvents(scenario)).find((event) => event.kind === 'ObservationEvent');
      assert.equal((textOf(observation).match(/x/g) ?? []).length, 40_000);
      const toolMessage = seen(fake.requests[1]).messages.find((message) => message.role === 'tool')!;
      assert.equal(toolMessage.text.length, 30_000);
      assert.match(toolMessage.text, /<response clipped>/);
      assert.match(toolMessage.text, /\[Command finished with exit code 0\]$/);
      const saved = /\S*observations\/bash_output_[0-9a-f]+\.txt/.exec(toolMessage.text)?.[0];
      assert.ok(saved, 'the path of the full output is named');
      const savedPath = path.isAbsolute(saved) ? saved : path.join((await info(scenario)).persistence_dir, '..', saved);
      assert.ok(existsSync(savedPath), savedPath);
      // The saved file holds the whole output (it may also name the command that produced it).
      const longestRun = Math.max(...(readFileSync(savedPath, 'utf8').match(/x+/g) ?? ['']).map((run) => run.length));
      assert.equal(longestRun, 40_000);
    }));
});

for (const protocol of PROTOCOLS) {
  describe(`editor errors and follow-up messages over ${protocol.name}`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer();
    });
    after(async () => {
      await server.close({ removeData: true });
    });

    test('str_replace with a duplicated old_str is an error the LLM reads with the error header', () =>
      withFake(async (fake) => {
        const scenario = await createConversation(server, fake, protocol);
        const file = path.join(scenario.workspace, 'dup.txt');
        writeFileSync(file, 'same\nsame\n');
        fake.enqueue({ toolCalls: [{ name: 'file_editor', arguments: { command: 'str_replace', path: file, old_str: 'same', new_str: 'other', security_risk: 'LOW' } }] }, { text: 'ok' });
        await sendMessage(scenario, 'Replace it');
        await waitForStatus(scenario, 'finished');
        const observation = (await agentEvents(scenario)).find((event) => event.kind === 'ObservationEvent');
        assert.equal(observation.observation.is_error, true);
        assert.match(textOf(observation), /Multiple occurrences/);
        const toolMessage = seen(fake.requests[1]).messages.find((message) => message.role === 'tool')!;
        assert.ok(toolMessage.text.startsWith('[An error occurred during execution.]'), toolMessage.text);
        assert.equal(readFileSync(file, 'utf8'), 'same\nsame\n', 'nothing was replaced');
      }));

    test('a message after finished returns to idle and the next run sends the whole history', () =>
      withFake(async (fake) => {
        fake.enqueue({ text: 'First answer' }, { text: 'Second answer' });
        const scenario = await createConversation(server, fake, protocol);
        await sendMessage(scenario, 'First question');
        await waitForStatus(scenario, 'finished');
        await sendMessage(scenario, 'Second question', false);
        assert.equal((await info(scenario)).execution_status, 'idle');
        assert.equal((await server.request('POST', `/api/conversations/${scenario.id}/run`)).status, 200);
        await waitForStatus(scenario, 'finished');
        const request = seen(fake.requests[1]);
        assert.deepEqual(request.messages.map((message) => [message.role, message.text]), [
          ['system', request.messages[0].text],
          ['user', 'First question'],
          ['assistant', 'First answer'],
          ['user', 'Second question'],
        ]);
      }));
  });
}
