/**
 * agent.md 3.1, 3.6 and 11.9: with `native_tool_calling: false` the tools are described in the
 * system prompt instead of the request's `tools`, the model writes its calls as text, those calls
 * run for real, their results come back as user text, and a call written wrongly is answered with
 * a user message that says what was wrong, so the model can try again.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startServer, type TestServer } from '../support/server.js';
import { PROTOCOLS, agentEvents, createConversation, kinds, seen, sendMessage, textOf, waitForStatus, withFake } from './support.js';

function call(name: string, parameters: Record<string, string>): string {
  const lines = Object.entries(parameters).map(([key, value]) => `<parameter=${key}>${value}</parameter>`);
  return [`<function=${name}>`, ...lines, '</function>'].join('\n');
}

for (const protocol of PROTOCOLS) {
  describe(`prompt-based tool calling over ${protocol.name}`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer();
    });
    after(async () => {
      await server.close({ removeData: true });
    });

    test('calls written as text run for real; a wrong one is answered in words and the model corrects itself', () =>
      withFake(async (fake) => {
        fake.enqueue(
          { text: `Checking.\n\n${call('browse', { url: 'x' })}` },
          { text: `Writing it.\n\n${call('terminal', { command: 'echo from-text-call > made.txt && cat made.txt', security_risk: 'LOW' })}` },
          { text: 'The file is written.' },
        );
        const scenario = await createConversation(server, fake, protocol, { llm: { native_tool_calling: false } });
        await sendMessage(scenario, 'Write made.txt');
        await waitForStatus(scenario, 'finished');

        assert.equal(readFileSync(path.join(scenario.workspace, 'made.txt'), 'utf8'), 'from-text-call\n');
        const first = seen(fake.requests[0]);
        assert.deepEqual(first.tools, [], 'no native tools in the request');
        assert.match(first.messages[0].text, /BEGIN FUNCTION #1: terminal/);

        const events = await agentEvents(scenario);
        assert.deepEqual(kinds(events), ['MessageEvent(user)', 'MessageEvent(user)', 'ActionEvent', 'ObservationEvent', 'MessageEvent(agent)']);
        assert.match(textOf(events[1]), /browse/, 'the correction names the unknown function');
        assert.equal(events[2].tool_name, 'terminal');

        const second = seen(fake.requests[1]);
        assert.match(second.messages.at(-1)!.text, /browse/);
        const third = seen(fake.requests[2]);
        assert.equal(third.messages.filter((message) => message.role === 'tool').length, 0, 'results come back as user text');
        assert.match(third.messages.at(-1)!.text, /from-text-call/);
        assert.match(third.messages.at(-2)!.text, /<function=terminal>/, 'the call is replayed as text');
      }));
  });
}
