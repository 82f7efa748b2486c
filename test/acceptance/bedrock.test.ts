/**
 * A conversation on AWS Bedrock (`bedrock/…` with an AWS key pair and a region, base_url pointing
 * at the fake's Converse endpoint): the agent runs a terminal call, sees its output and finishes.
 * The fake checks every request's SigV4 signature against the configured key pair.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startServer, type TestServer } from '../support/server.js';
import { AWS_SETTINGS, BEDROCK, agentEvents, allEvents, createConversation, info, kinds, seen, sendMessage, textOf, waitForStatus, withFake } from './support.js';

describe('agent loop over AWS Bedrock', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await server.close({ removeData: true });
  });

  test('a terminal call runs, its output reaches the model, and finish ends the run; every request is signed', () =>
    withFake(async (fake) => {
      fake.setAwsCredentials({ accessKeyId: AWS_SETTINGS.aws_access_key_id, secretAccessKey: AWS_SETTINGS.aws_secret_access_key });
      const command = 'echo hi > made-on-bedrock.txt && cat made-on-bedrock.txt';
      fake.enqueue(
        { toolCalls: [{ name: 'terminal', arguments: { command, security_risk: 'LOW' } }], usage: { promptTokens: 1000, completionTokens: 100 } },
        { toolCalls: [{ name: 'finish', arguments: { message: 'All done' } }], usage: { promptTokens: 1000, completionTokens: 100 } },
      );
      const scenario = await createConversation(server, fake, BEDROCK, { llm: { ...AWS_SETTINGS, api_key: null } });
      await sendMessage(scenario, 'Make a file');
      const final = await waitForStatus(scenario, 'finished');

      assert.equal(readFileSync(path.join(scenario.workspace, 'made-on-bedrock.txt'), 'utf8'), 'hi\n');
      const events = await agentEvents(scenario);
      assert.deepEqual(kinds(events), ['MessageEvent(user)', 'ActionEvent', 'ObservationEvent', 'ActionEvent', 'ObservationEvent']);
      const [, action, observation, finish, finished] = events;
      assert.equal(action.action.kind, 'TerminalAction');
      assert.match(action.tool_call_id, /^tooluse_/);
      assert.equal(textOf(observation).trim(), 'hi');
      assert.equal(finish.action.kind, 'FinishAction');
      assert.equal(textOf(finished), 'All done');

      assert.equal(fake.requests.length, 2);
      for (const request of fake.requests) {
        assert.equal(request.protocol, 'bedrock');
        assert.equal(request.path, `/model/${encodeURIComponent('us.anthropic.claude-sonnet-4-20250514-v1:0')}/converse`);
        assert.deepEqual(request.aws && request.aws.scheme === 'sigv4' && [request.aws.accessKeyId, request.aws.region, request.aws.signatureVerified], [
          AWS_SETTINGS.aws_access_key_id,
          AWS_SETTINGS.aws_region_name,
          true,
        ]);
        assert.ok(!JSON.stringify(request).includes(AWS_SETTINGS.aws_secret_access_key), 'the secret never travels');
      }
      const first = seen(fake.requests[0]);
      assert.match(first.messages[0].text, /^You are OpenHands agent/);
      assert.deepEqual(first.tools.map((tool) => tool.name), ['terminal', 'file_editor', 'task_tracker', 'finish', 'think']);
      const [call, result] = seen(fake.requests[1]).messages.slice(-2);
      assert.deepEqual(call.toolCalls.map((toolCall) => toolCall.id), [action.tool_call_id]);
      assert.equal(result.role, 'tool');
      assert.equal(result.toolCallId, action.tool_call_id);
      assert.match(result.text, /^hi/);

      // Priced from the bundled table by the Claude model inside the inference profile id ($3 / $15 per million).
      const metrics = final.stats.usage_to_metrics.agent;
      assert.ok(Math.abs(metrics.accumulated_cost - 2 * (1000 * 3 + 100 * 15) / 1e6) < 1e-12, String(metrics.accumulated_cost));

      const conversation = await info(scenario);
      assert.equal(conversation.agent.llm.aws_region_name, AWS_SETTINGS.aws_region_name);
      const everything = JSON.stringify([conversation, await allEvents(scenario)]);
      for (const secret of [AWS_SETTINGS.aws_access_key_id, AWS_SETTINGS.aws_secret_access_key]) assert.ok(!everything.includes(secret), 'keys are masked');
    }));

  test('a signature Bedrock refuses ends the run with an authentication error that names no key', () =>
    withFake(async (fake) => {
      fake.setAwsCredentials({ accessKeyId: AWS_SETTINGS.aws_access_key_id, secretAccessKey: 'not-the-configured-secret' });
      const scenario = await createConversation(server, fake, BEDROCK, { llm: { ...AWS_SETTINGS, api_key: null } });
      await sendMessage(scenario, 'Hi');
      await waitForStatus(scenario, 'error');
      const error = (await agentEvents(scenario)).find((event) => event.kind === 'ConversationErrorEvent');
      assert.equal(error.code, 'LLMAuthenticationError');
      assert.match(error.detail, /signature we calculated does not match/);
      for (const secret of [AWS_SETTINGS.aws_access_key_id, AWS_SETTINGS.aws_secret_access_key]) assert.ok(!error.detail.includes(secret));
      assert.equal(fake.requests.length, 1, 'an authentication error is not retried');
    }));
});
