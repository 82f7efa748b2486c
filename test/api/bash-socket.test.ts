import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { connectSocket } from '../support/socket-client.js';
import type { TestServer } from '../support/server.js';
import { withServer } from '../support/with-server.js';
import { waitFor } from '../support/fixtures.js';

const MIB = 1_048_576;

async function execute(server: TestServer, command: string): Promise<any> {
  const response = await server.request('POST', '/api/bash/execute_bash_command', { body: { command } });
  assert.equal(response.status, 200, response.text);
  return response.body;
}

async function storedRecords(server: TestServer): Promise<any[]> {
  return (await server.request('GET', '/api/bash/bash_events/search?limit=100')).body.items;
}

describe('bash socket', () => {
  test('without a key the upgrade is refused with 403; the query parameter or the header lets it in', () =>
    withServer(async (server) => {
      const url = `${server.wsUrl}/sockets/bash-events`;
      await assert.rejects(connectSocket(url), (error: any) => error.statusCode === 403);
      await assert.rejects(connectSocket(`${url}?session_api_key=wrong`), (error: any) => error.statusCode === 403);
      const byQuery = await connectSocket(`${url}?session_api_key=k1`);
      const byHeader = await connectSocket(url, { 'x-session-api-key': 'k1' });
      const output = await execute(server, 'echo keyed');
      for (const client of [byQuery, byHeader]) {
        await client.waitFor((frame) => frame.id === output.id);
        client.close();
      }
    }, { sessionApiKeys: ['k1'] }));

  test('live records arrive as stored: the BashCommand, then the outputs in order', () =>
    withServer(async (server) => {
      const client = await connectSocket(`${server.wsUrl}/sockets/bash-events`);
      const final = await execute(server, `echo first; head -c ${MIB + 10} /dev/zero | tr '\\0' b`);
      const frames = await client.waitForCount(3);
      const command = (await server.request('GET', `/api/bash/bash_events/${final.command_id}`)).body;
      const outputs = (await server.request('GET', `/api/bash/bash_events/search?command_id__eq=${final.command_id}`)).body.items;
      assert.deepEqual(frames, [command, ...outputs]);
      assert.deepEqual(frames.slice(1).map((frame: any) => frame.order), [0, 1]);
      client.close();
    }));

  test('resend_all=true replays every stored record in file-name order, then goes live without a gap', () =>
    withServer(async (server) => {
      await execute(server, 'echo one');
      await execute(server, 'echo two >&2');
      const stored = await storedRecords(server);
      assert.equal(stored.length, 4);
      const replaying = await connectSocket(`${server.wsUrl}/sockets/bash-events?resend_all=true`);
      const liveOnly = await connectSocket(`${server.wsUrl}/sockets/bash-events?resend_all=false`);
      assert.deepEqual(await replaying.waitForCount(4), stored);
      const next = await execute(server, 'echo three');
      await replaying.waitFor((frame) => frame.id === next.id);
      await liveOnly.waitFor((frame) => frame.id === next.id);
      assert.deepEqual(replaying.frames.slice(4).map((frame: any) => frame.kind), ['BashCommand', 'BashOutput']);
      assert.deepEqual(liveOnly.frames.map((frame: any) => frame.kind), ['BashCommand', 'BashOutput']);
      replaying.close();
      liveOnly.close();
    }));

  test('a resend_all value that is not a boolean is refused', () =>
    withServer(async (server) => {
      await assert.rejects(connectSocket(`${server.wsUrl}/sockets/bash-events?resend_all=maybe`), (error: any) => error.statusCode === 403);
    }));

  test('an ExecuteBashRequest message starts a command; invalid messages are ignored', () =>
    withServer(async (server) => {
      const client = await connectSocket(`${server.wsUrl}/sockets/bash-events`);
      client.socket.send('not json');
      client.socket.send(JSON.stringify({ cwd: '/tmp' }));
      client.socket.send(JSON.stringify({ command: 'echo bad', timeout: 'soon' }));
      client.socket.send(JSON.stringify({ command: 'echo from-socket', timeout: 30 }));
      const output = await client.waitFor((frame) => frame.kind === 'BashOutput');
      assert.equal(output.stdout, 'from-socket\n');
      assert.equal(output.exit_code, 0);
      const commands = client.frames.filter((frame: any) => frame.kind === 'BashCommand');
      assert.deepEqual(commands.map((frame: any) => [frame.command, frame.timeout]), [['echo from-socket', 30]]);
      assert.deepEqual((await storedRecords(server)).map((record) => record.id), client.frames.map((frame: any) => frame.id));
      client.close();
    }));

  test('a client that stops reading is closed with 1013 while another one gets every record', () =>
    withServer(async (server) => {
      const floodChunks = 24;
      const slow = await connectSocket(`${server.wsUrl}/sockets/bash-events`);
      const healthy = await connectSocket(`${server.wsUrl}/sockets/bash-events`);
      slow.socket.pause();
      const flood = server.request('POST', '/api/bash/execute_bash_command', { body: { command: `head -c ${floodChunks * MIB} /dev/zero | tr '\\0' a` } });
      assert.equal((await server.request('GET', '/alive')).status, 200);
      const final = (await flood).body;
      assert.equal(final.exit_code, 0);
      await healthy.waitFor((frame) => frame.id === final.id);
      const frames = healthy.frames;
      assert.equal(frames.length, 1 + floodChunks);
      assert.equal(frames.slice(1).reduce((total: number, frame: any) => total + frame.stdout.length, 0), floodChunks * MIB);
      slow.socket.resume();
      const closed = await slow.closed;
      assert.equal(closed.code, 1013);
      assert.ok(slow.frames.length < frames.length, `the slow client got ${slow.frames.length} frames`);
      healthy.close();
      const liveAgain = await connectSocket(`${server.wsUrl}/sockets/bash-events`);
      const after = await execute(server, 'echo still-serving');
      await waitFor(() => liveAgain.frames.some((frame: any) => frame.id === after.id), { what: 'a record after the flood' });
      liveAgain.close();
    }, { subscriberBufferBytes: 2 * MIB }));
});
