/**
 * Issue 4 item 3 (agent.md 10, api.md 5.10 and 16): static, lookup and plain-string secrets reach
 * the commands that name them without ever being printed; echoing one shows `<secret-hidden>`;
 * lookup secrets are fetched with their headers each time they are used, and a failed lookup is
 * an error the LLM reads, not a crash. `secret-leaks.test.ts` scans every output for the values.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startHttpStub, type HttpStub } from '../support/http-stub.js';
import { startServer, type TestServer } from '../support/server.js';
import { PROTOCOLS, agentEvents, createConversation, info, seen, sendMessage, textOf, waitForStatus, withFake } from './support.js';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const unique = (label: string) => `${label}-${randomBytes(8).toString('hex')}`;
const terminal = (command: string) => ({ name: 'terminal', arguments: { command, security_risk: 'LOW' } });
/** Writes the SHA-256 of a variable to a file: the value itself is in neither the command nor any output. */
const hashInto = (variable: string, file: string) => terminal(`printf %s "$${variable}" | sha256sum | cut -d' ' -f1 > ${file}`);

describe('secrets in the terminal', () => {
  let server: TestServer;
  let lookup: HttpStub;
  const lookupValue = unique('looked-up');
  const lookupAuthorization = `Bearer ${unique('lookup-auth')}`;
  before(async () => {
    server = await startServer();
    lookup = await startHttpStub((request, response) => {
      if (request.url === '/broken') return void response.writeHead(503).end('vault is down');
      if (request.headers.authorization !== lookupAuthorization || request.headers['x-trace'] !== 'trace-1') return void response.writeHead(401).end('who are you?');
      response.end(lookupValue);
    });
  });
  after(async () => {
    await server.close({ removeData: true });
    await lookup.close();
  });

  for (const protocol of PROTOCOLS) {
    test(`over ${protocol.name}: static, plain and lookup secrets reach the command unprinted; echoes are hidden; lookups happen on use`, () =>
      withFake(async (fake) => {
        const staticValue = unique('static');
        const plainValue = unique('plain');
        const scenario = await createConversation(server, fake, protocol, {
          extra: {
            secrets: {
              MY_TOKEN: { kind: 'StaticSecret', value: staticValue, description: 'a token' },
              PLAIN_TOKEN: plainValue,
              DB_PASS: { kind: 'LookupSecret', url: `${lookup.url}/value`, headers: { Authorization: lookupAuthorization, 'X-Trace': 'trace-1' } },
            },
          },
        });
        const lookupsBefore = lookup.requests.length;
        fake.enqueue(
          { toolCalls: [hashInto('MY_TOKEN', 'my.sha256')] },
          { toolCalls: [hashInto('PLAIN_TOKEN', 'plain.sha256')] },
          { toolCalls: [terminal('echo "token=$MY_TOKEN"')] },
          { toolCalls: [terminal('ls')] },
          { toolCalls: [hashInto('DB_PASS', 'db.sha256')] },
          { toolCalls: [terminal('echo $DB_PASS')] },
          { text: 'done' },
        );
        await sendMessage(scenario, 'Use the secrets');
        await waitForStatus(scenario, 'finished');
        const read = (file: string) => readFileSync(path.join(scenario.workspace, file), 'utf8').trim();
        assert.equal(read('my.sha256'), sha256(staticValue));
        assert.equal(read('plain.sha256'), sha256(plainValue), 'a plain string is a StaticSecret');
        assert.equal(read('db.sha256'), sha256(lookupValue));
        const observations = (await agentEvents(scenario)).filter((event) => event.kind === 'ObservationEvent');
        assert.equal(textOf(observations[2]), 'token=<secret-hidden>');
        assert.equal(textOf(observations[5]), '<secret-hidden>');
        // Fetched once per command that names it (the hash and the echo), never for `ls`.
        assert.equal(lookup.requests.length - lookupsBefore, 2);
        for (const request of lookup.requests.slice(lookupsBefore)) assert.equal(request.headers.authorization, lookupAuthorization);
        for (const request of fake.requests) {
          const body = JSON.stringify(request.body);
          for (const value of [staticValue, plainValue, lookupValue]) assert.equal(body.includes(value), false, 'no value reaches the LLM');
        }
      }));
  }

  test('POST .../secrets adds and replaces without echoing; a failed lookup is an error observation the LLM reads, and the run goes on', () =>
    withFake(async (fake) => {
      const [openai] = PROTOCOLS;
      const first = unique('first');
      const second = unique('second');
      const scenario = await createConversation(server, fake, openai, { extra: { secrets: { MY_TOKEN: first, KEPT: unique('kept') } } });
      const updated = await server.request('POST', `/api/conversations/${scenario.id}/secrets`, {
        body: { secrets: { MY_TOKEN: { kind: 'StaticSecret', value: second }, BROKEN: { kind: 'LookupSecret', url: `${lookup.url}/broken` } } },
      });
      assert.deepEqual(updated.body, { success: true });
      assert.equal(updated.text.includes(second), false);
      const registry = (await info(scenario)).secret_registry.secret_sources;
      assert.deepEqual(Object.keys(registry).sort(), ['BROKEN', 'KEPT', 'MY_TOKEN'], 'merged: names not mentioned are kept');
      assert.equal(registry.MY_TOKEN.value, '**********');

      fake.enqueue({ toolCalls: [hashInto('MY_TOKEN', 'token.sha256')] }, { toolCalls: [terminal('echo $BROKEN')] }, { text: 'the vault is down' });
      await sendMessage(scenario, 'Use them');
      await waitForStatus(scenario, 'finished');
      assert.equal(readFileSync(path.join(scenario.workspace, 'token.sha256'), 'utf8').trim(), sha256(second), 'the replaced value is used');
      const failed = (await agentEvents(scenario)).filter((event) => event.kind === 'ObservationEvent')[1];
      assert.equal(failed.observation.is_error, true);
      assert.match(textOf(failed), /Could not fetch the value of secret 'BROKEN': the lookup URL answered HTTP 503/);
      const toolMessage = seen(fake.requests[2]).messages.at(-1)!;
      assert.equal(toolMessage.role, 'tool');
      assert.match(toolMessage.text, /Could not fetch the value of secret 'BROKEN'/);

      // A title is stored and served like an event: a secret value typed into it is hidden.
      assert.equal((await server.request('PATCH', `/api/conversations/${scenario.id}`, { body: { title: `Deploy with ${second}` } })).status, 200);
      assert.equal((await info(scenario)).title, 'Deploy with <secret-hidden>');
    }));
});
