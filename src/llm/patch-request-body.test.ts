import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildBodyPatch, createPatchingFetch, patchRequestBody } from './patch-request-body.js';
import type { LlmMessage } from './types.js';

const messages: LlmMessage[] = [
  { role: 'assistant', content: [], toolCalls: [
    { id: 'good', name: 't', arguments: '{"a":1}' },
    { id: 'bad', name: 't', arguments: '{"a":' },
  ] },
];

describe('patchRequestBody', () => {
  const patch = buildBodyPatch(messages, { extra: true });

  it('collects only the invalid arguments', () => {
    assert.deepEqual([...patch.rawToolArguments], [['bad', '{"a":']]);
  });

  it('restores raw arguments in chat bodies and merges the extra body', () => {
    const body = {
      messages: [
        { role: 'assistant', tool_calls: [
          { id: 'good', type: 'function', function: { name: 't', arguments: '{"a":1}' } },
          { id: 'bad', type: 'function', function: { name: 't', arguments: '"{\\"a\\":"' } },
        ] },
      ],
    };
    const patched = patchRequestBody(body, patch);
    const calls = (patched.messages as Array<{ tool_calls: Array<{ function: { arguments: string } }> }>)[0].tool_calls;
    assert.equal(calls[0].function.arguments, '{"a":1}');
    assert.equal(calls[1].function.arguments, '{"a":');
    assert.equal(patched.extra, true);
  });

  it('restores raw arguments in Responses input', () => {
    const patched = patchRequestBody({ input: [{ type: 'function_call', call_id: 'bad', arguments: '"x"' }] }, patch);
    assert.deepEqual(patched.input, [{ type: 'function_call', call_id: 'bad', arguments: '{"a":' }]);
  });

  it('moves message-level cache_control on string content onto a text part', () => {
    const patched = patchRequestBody({
      messages: [
        { role: 'system', content: 'rules', cache_control: { type: 'ephemeral' } },
        { role: 'tool', content: 'out', tool_call_id: 'x', cache_control: { type: 'ephemeral' } },
      ],
    }, buildBodyPatch([], null));
    assert.deepEqual(patched.messages, [
      { role: 'system', content: [{ type: 'text', text: 'rules', cache_control: { type: 'ephemeral' } }] },
      { role: 'tool', content: 'out', tool_call_id: 'x', cache_control: { type: 'ephemeral' } },
    ]);
  });
});

describe('createPatchingFetch', () => {
  it('rewrites JSON bodies before they are sent', async () => {
    let sent: unknown;
    const fetchStub: typeof fetch = async (_input, init) => {
      sent = init?.body;
      return new Response('{}');
    };
    await createPatchingFetch(fetchStub, buildBodyPatch([], { tag: 'x' }))('http://h', { method: 'POST', body: '{"model":"m"}' });
    assert.deepEqual(JSON.parse(String(sent)), { model: 'm', tag: 'x' });
  });
});
