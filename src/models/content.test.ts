import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ContentItem, ImageContent, Message, TextContent, normalizeContent, normalizeMessage } from './content.js';
import { compile } from './test-ajv.js';

describe('content items', () => {
  it('TextContent: type optional, unknown fields rejected', () => {
    const validate = compile(TextContent);
    assert.equal(validate({ text: 'hi' }).valid, true);
    assert.equal(validate({ type: 'text', text: 'hi', cache_prompt: true }).valid, true);
    assert.equal(validate({ type: 'text', text: 'hi', extra: 1 }).valid, false);
    assert.equal(validate({ type: 'image', text: 'hi' }).valid, false);
    assert.equal(validate({ type: 'text' }).valid, false);
  });

  it('ImageContent needs image_urls', () => {
    const validate = compile(ImageContent);
    assert.equal(validate({ image_urls: ['data:image/png;base64,AAAA'] }).valid, true);
    assert.equal(validate({ type: 'image' }).valid, false);
  });

  it('ContentItem is recognised by its fields', () => {
    const validate = compile(ContentItem);
    assert.equal(validate({ text: 'a' }).valid, true);
    assert.equal(validate({ image_urls: ['u'] }).valid, true);
    assert.equal(validate({ cache_prompt: false }).valid, false);
  });

  it('normalizeContent emits cache_prompt, type, then the payload', () => {
    const text = normalizeContent({ text: 'hello' });
    assert.deepEqual(text, { cache_prompt: false, type: 'text', text: 'hello' });
    assert.deepEqual(Object.keys(text), ['cache_prompt', 'type', 'text']);
    const image = normalizeContent({ image_urls: ['u1'], type: 'image', cache_prompt: true });
    assert.deepEqual(image, { cache_prompt: true, type: 'image', image_urls: ['u1'] });
    assert.deepEqual(Object.keys(image), ['cache_prompt', 'type', 'image_urls']);
  });
});

describe('Message', () => {
  it('normalizes a string content into one TextContent with every field present', () => {
    const message = normalizeMessage({ role: 'user', content: 'Hello' });
    assert.deepEqual(message, {
      role: 'user',
      content: [{ cache_prompt: false, type: 'text', text: 'Hello' }],
      cache_enabled: false,
      vision_enabled: false,
      function_calling_enabled: false,
      tool_calls: null,
      tool_call_id: null,
      name: null,
      force_string_serializer: false,
      send_reasoning_content: false,
      reasoning_content: null,
      thinking_blocks: [],
      responses_reasoning_item: null,
    });
  });

  it('the normalized form validates against the Message schema', () => {
    const message = normalizeMessage({
      role: 'assistant',
      content: [{ text: 'ok' }],
      tool_calls: [{ origin: 'completion', arguments: '{}', name: 'terminal', id: 'call_1' }],
      thinking_blocks: [{ thinking: 't', signature: 's' }, { data: 'redacted' }],
    });
    assert.deepEqual(Object.keys(message.tool_calls![0]!), ['id', 'name', 'arguments', 'origin']);
    assert.deepEqual(message.thinking_blocks, [
      { type: 'thinking', thinking: 't', signature: 's' },
      { type: 'redacted_thinking', data: 'redacted' },
    ]);
    assert.equal(compile(Message)(message).valid, true);
  });
});
