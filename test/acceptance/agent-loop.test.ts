/**
 * agent.md 15, the core loop, over both wire protocols: text replies, tool round trips, parallel
 * calls, finish, and malformed calls the LLM is told about.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startServer, type TestServer } from '../support/server.js';
import { PROTOCOLS, agentEvents, createConversation, info, kinds, seen, sendMessage, textOf, waitForStatus, withFake } from './support.js';

for (const protocol of PROTOCOLS) {
  describe(`agent loop over ${protocol.name}`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer();
    });
    after(async () => {
      await server.close({ removeData: true });
    });

    test('a text reply finishes the run; the request has the system prompt and the tools in order', () =>
      withFake(async (fake) => {
        fake.enqueue({ text: 'Hello!' });
        const scenario = await createConversation(server, fake, protocol);
        await sendMessage(scenario, 'Say hello');
        await waitForStatus(scenario, 'finished');
        const events = await agentEvents(scenario);
        assert.deepEqual(kinds(events), ['MessageEvent(user)', 'MessageEvent(agent)']);
        assert.equal(textOf(events[1]), 'Hello!');
        assert.equal(typeof events[1].llm_response_id, 'string');
        assert.equal(fake.requests.length, 1);
        const request = seen(fake.requests[0]);
        assert.deepEqual(request.messages.map((message) => message.role), ['system', 'user']);
        assert.match(request.messages[0].text, /^You are OpenHands agent/);
        assert.equal(request.messages[1].text, 'Say hello');
        assert.deepEqual(request.tools.map((tool) => tool.name), ['terminal', 'file_editor', 'task_tracker', 'finish', 'think']);
        for (const tool of request.tools) assert.equal(tool.required.includes('security_risk'), !['finish', 'think'].includes(tool.name), tool.name);
      }));

    test('a reasoning-only reply keeps the loop going', () =>
      withFake(async (fake) => {
        fake.enqueue({ reasoning: 'hmm' }, { text: 'Done.' });
        const scenario = await createConversation(server, fake, protocol);
        await sendMessage(scenario, 'Think first');
        await waitForStatus(scenario, 'finished');
        const events = await agentEvents(scenario);
        assert.deepEqual(kinds(events), ['MessageEvent(user)', 'MessageEvent(agent)', 'MessageEvent(agent)']);
        assert.equal(events[1].llm_message.reasoning_content, 'hmm');
        assert.equal(textOf(events[2]), 'Done.');
        assert.equal(fake.requests.length, 2);
      }));

    test('a terminal call really runs in the workspace and its output reaches the LLM', () =>
      withFake(async (fake) => {
        const command = 'echo hi > made-by-agent.txt && cat made-by-agent.txt';
        fake.enqueue({ toolCalls: [{ name: 'terminal', arguments: { command, security_risk: 'LOW' } }] }, { text: 'ok' });
        const scenario = await createConversation(server, fake, protocol);
        await sendMessage(scenario, 'Make a file');
        await waitForStatus(scenario, 'finished');
        assert.equal(readFileSync(path.join(scenario.workspace, 'made-by-agent.txt'), 'utf8'), 'hi\n');
        const events = await agentEvents(scenario);
        assert.deepEqual(kinds(events), ['MessageEvent(user)', 'ActionEvent', 'ObservationEvent', 'MessageEvent(agent)']);
        const [, action, observation] = events;
        assert.equal(action.action.kind, 'TerminalAction');
        assert.equal(action.action.command, command);
        assert.equal(action.security_risk, 'LOW');
        assert.equal(observation.action_id, action.id);
        assert.equal(observation.tool_call_id, action.tool_call_id);
        assert.equal(observation.observation.kind, 'TerminalObservation');
        assert.equal(textOf(observation).trim(), 'hi');
        assert.equal(observation.observation.metadata.exit_code, 0);
        const messages = seen(fake.requests[1]).messages;
        const [call, result] = messages.slice(-2);
        assert.equal(call.role, 'assistant');
        assert.deepEqual(call.toolCalls.map((toolCall) => toolCall.id), [action.tool_call_id]);
        assert.equal(result.role, 'tool');
        assert.equal(result.toolCallId, action.tool_call_id);
        assert.match(result.text, /^hi/);
        assert.match(result.text, /exit code 0/);
      }));

    test('file_editor creates a file and views a line range given as a JSON string', () =>
      withFake(async (fake) => {
        const scenario = await createConversation(server, fake, protocol);
        const file = path.join(scenario.workspace, 'notes.txt');
        fake.enqueue(
          { toolCalls: [{ name: 'file_editor', arguments: { command: 'create', path: file, file_text: 'a\nb\nc\n', security_risk: 'LOW' } }] },
          { toolCalls: [{ name: 'file_editor', arguments: { command: 'view', path: file, view_range: '[2, 3]', security_risk: 'LOW' } }] },
          { text: 'ok' },
        );
        await sendMessage(scenario, 'Write notes');
        await waitForStatus(scenario, 'finished');
        assert.equal(readFileSync(file, 'utf8'), 'a\nb\nc\n');
        const observations = (await agentEvents(scenario)).filter((event) => event.kind === 'ObservationEvent');
        assert.equal(observations.length, 2);
        assert.equal(observations[0].observation.kind, 'FileEditorObservation');
        assert.equal(observations[1].observation.is_error, false);
        assert.equal(textOf(observations[1]), `Here's the result of running \`cat -n\` on ${file}:\n     2\tb\n     3\tc\n`);
      }));

    test('parallel calls: actions first, then observations in call order; one assistant message in the next request', () =>
      withFake(async (fake) => {
        fake.enqueue(
          { text: 'Two thoughts', toolCalls: [{ name: 'think', arguments: { thought: 'a' } }, { name: 'think', arguments: { thought: 'b' } }] },
          { text: 'ok' },
        );
        const scenario = await createConversation(server, fake, protocol);
        await sendMessage(scenario, 'Think twice');
        await waitForStatus(scenario, 'finished');
        const events = await agentEvents(scenario);
        assert.deepEqual(kinds(events), ['MessageEvent(user)', 'ActionEvent', 'ActionEvent', 'ObservationEvent', 'ObservationEvent', 'MessageEvent(agent)']);
        const [, first, second, firstResult, secondResult] = events;
        assert.deepEqual(first.thought.map((item: { text: string }) => item.text), ['Two thoughts']);
        assert.deepEqual(second.thought, []);
        assert.equal(first.llm_response_id, second.llm_response_id);
        assert.deepEqual([firstResult.action_id, secondResult.action_id], [first.id, second.id]);
        assert.equal(textOf(firstResult), 'Your thought has been logged.');
        const messages = seen(fake.requests[1]).messages;
        const assistants = messages.filter((message) => message.role === 'assistant');
        assert.equal(assistants.length, 1);
        assert.equal(assistants[0].text, 'Two thoughts');
        assert.deepEqual(assistants[0].toolCalls.map((call) => call.id), [first.tool_call_id, second.tool_call_id]);
        const index = messages.indexOf(assistants[0]);
        assert.deepEqual(messages.slice(index + 1).map((message) => message.toolCallId), [first.tool_call_id, second.tool_call_id]);
      }));

    test('finish ends the run without another LLM call', () =>
      withFake(async (fake) => {
        fake.enqueue({ toolCalls: [{ name: 'finish', arguments: { message: 'All done' } }] });
        const scenario = await createConversation(server, fake, protocol);
        await sendMessage(scenario, 'Finish');
        await waitForStatus(scenario, 'finished');
        const events = await agentEvents(scenario);
        assert.deepEqual(kinds(events), ['MessageEvent(user)', 'ActionEvent', 'ObservationEvent']);
        assert.equal(events[1].action.kind, 'FinishAction');
        assert.equal(events[2].observation.kind, 'FinishObservation');
        assert.equal(textOf(events[2]), 'All done');
        assert.equal(fake.requests.length, 1);
      }));

    test('skills: repo skills end the system prompt; a keyword skill and the seed-era prefix reach the user message', () =>
      withFake(async (fake) => {
        fake.enqueue({ text: 'ok' });
        const scenario = await createConversation(server, fake, protocol, {
          agent: {
            agent_context: {
              skills: [
                { name: 'repo', content: 'REPO RULE' },
                { name: 'flarg', content: 'FLARG INFO', trigger: { type: 'keyword', keywords: ['flarglebargle'] } },
              ],
              system_message_suffix: 'Answer briefly.',
              user_message_prefix: 'PREFIX:',
            },
          },
        });
        assert.equal(JSON.stringify((await info(scenario)).agent).includes('PREFIX:'), false, 'the prefix is not a contract field');
        await sendMessage(scenario, 'Say FlargleBargle now');
        await waitForStatus(scenario, 'finished');
        const [system, user] = seen(fake.requests[0]).messages;
        assert.match(system.text, /<REPO_CONTEXT>[\s\S]*\[BEGIN context from \[repo\]\]\nREPO RULE\n\[END Context\][\s\S]*<\/REPO_CONTEXT>\n\nAnswer briefly\.$/);
        assert.doesNotMatch(system.text, /FLARG INFO/);
        assert.match(user.text, /^PREFIX:/);
        assert.match(user.text, /Say FlargleBargle now/);
        assert.match(user.text, /<EXTRA_INFO>[\s\S]*FLARG INFO/);
        const message = (await agentEvents(scenario))[0];
        assert.deepEqual(message.activated_skills, ['flarg']);
        assert.deepEqual((await info(scenario)).activated_knowledge_skills, ['flarg']);

        // agent.md 15.18: a skill is injected once per conversation.
        fake.enqueue({ text: 'ok again' });
        await sendMessage(scenario, 'flarglebargle once more');
        await waitForStatus(scenario, 'finished');
        const again = (await agentEvents(scenario)).filter((event) => event.kind === 'MessageEvent' && event.source === 'user')[1];
        assert.deepEqual(again.activated_skills, []);
        const lastUser = seen(fake.requests[1]).messages.at(-1)!;
        assert.equal(lastUser.role, 'user');
        assert.match(lastUser.text, /flarglebargle once more/);
        assert.doesNotMatch(lastUser.text, /FLARG INFO/);
        assert.equal(seen(fake.requests[1]).messages.filter((each) => each.text.includes('FLARG INFO')).length, 1, 'the first injection stays in the history, once');
      }));

    test('malformed calls become AgentErrorEvents the LLM reads on the next request', () =>
      withFake(async (fake) => {
        // Broken JSON can only come from a streaming Anthropic answer; the fake answers unstreamed.
        const badJson = protocol.name === 'openai' ? [{ text: 'try 0', toolCalls: [{ name: 'terminal', arguments: '{"command": "ls"' }] }] : [];
        fake.enqueue(
          { text: 'try 1', toolCalls: [{ name: 'nope', arguments: {} }] },
          ...badJson,
          { text: 'try 2', toolCalls: [{ name: 'terminal', arguments: { security_risk: 'LOW' } }] },
          { text: 'try 3', toolCalls: [{ name: 'terminal', arguments: { command: 'ls', security_risk: 'LOW', bogus: 1 } }] },
          { text: 'sorry' },
        );
        const scenario = await createConversation(server, fake, protocol);
        await sendMessage(scenario, 'Call things');
        await waitForStatus(scenario, 'finished');
        const events = await agentEvents(scenario);
        const errors = events.filter((event) => event.kind === 'AgentErrorEvent');
        const actions = events.filter((event) => event.kind === 'ActionEvent');
        assert.equal(events.filter((event) => event.kind === 'ObservationEvent').length, 0);
        assert.equal(errors.length, 3 + badJson.length);
        assert.ok(actions.every((action) => action.action === null));
        assert.equal(errors[0].error, "Tool 'nope' not found. Available: ['terminal', 'file_editor', 'task_tracker', 'finish', 'think']");
        for (const error of errors.slice(1)) {
          assert.match(error.error, /^Error validating args /);
          assert.match(error.error, /for tool 'terminal'/);
        }
        assert.equal(fake.requests.length, 4 + badJson.length);
        for (const [index, error] of errors.entries()) {
          const messages = seen(fake.requests[index + 1]).messages;
          const result = messages.find((message) => message.role === 'tool' && message.toolCallId === error.tool_call_id);
          assert.ok(result, `request ${index + 1} answers call ${error.tool_call_id}`);
          assert.equal(result.text, error.error);
        }
      }));
  });
}
