import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyCacheMarkers } from './apply-cache-markers.js';
import { limitContent, truncateMiddle } from './limit-content.js';
import { toSdkPrompt } from './to-sdk-prompt.js';
import type { LlmMessage } from './types.js';

const text = (value: string, cacheControl?: boolean) => (cacheControl ? { type: 'text' as const, text: value, cacheControl } : { type: 'text' as const, text: value });
const png = 'data:image/png;base64,AAAA';
const ephemeralAnthropic = { anthropic: { cacheControl: { type: 'ephemeral' } } };

const history: LlmMessage[] = [
  { role: 'system', content: [text('rules'), text('more rules')] },
  { role: 'user', content: [text('Fix it'), { type: 'image', url: png }] },
  {
    role: 'assistant',
    content: [text('On it')],
    toolCalls: [{ id: 'c1', name: 'terminal', arguments: '{"command":"ls"}' }],
    reasoningContent: 'why',
    thinkingBlocks: [{ type: 'thinking', thinking: 'hmm', signature: 'sig' }, { type: 'redacted_thinking', data: 'opaque' }],
  },
  { role: 'tool', toolCallId: 'c1', toolName: 'terminal', content: [text('a.txt'), { type: 'image', url: 'https://x.test/s.png' }] },
];

describe('toSdkPrompt for Anthropic', () => {
  const prompt = toSdkPrompt(history, { api: 'anthropic-messages', forceStringContent: false, sendReasoningContent: false });

  it('joins system parts into one system message', () => {
    assert.deepEqual(prompt[0], { role: 'system', content: 'rules\nmore rules' });
  });

  it('keeps images as file parts', () => {
    assert.deepEqual(prompt[1], { role: 'user', content: [{ type: 'text', text: 'Fix it' }, { type: 'file', data: 'AAAA', mediaType: 'image/png' }] });
  });

  it('replays thinking blocks first, then text, then tool_use with parsed input', () => {
    assert.deepEqual(prompt[2], {
      role: 'assistant',
      content: [
        { type: 'reasoning', text: 'hmm', providerOptions: { anthropic: { signature: 'sig' } } },
        { type: 'reasoning', text: '', providerOptions: { anthropic: { redactedData: 'opaque' } } },
        { type: 'text', text: 'On it' },
        { type: 'tool-call', toolCallId: 'c1', toolName: 'terminal', input: { command: 'ls' } },
      ],
    });
  });

  it('sends tool results with their images as content', () => {
    assert.deepEqual(prompt[3], {
      role: 'tool',
      content: [{
        type: 'tool-result', toolCallId: 'c1', toolName: 'terminal',
        output: { type: 'content', value: [{ type: 'text', text: 'a.txt' }, { type: 'image-url', url: 'https://x.test/s.png' }] },
      }],
    });
  });

  it('turns cache markers into cacheControl provider options', () => {
    const marked = toSdkPrompt(applyCacheMarkers(history, true), { api: 'anthropic-messages', forceStringContent: false, sendReasoningContent: false });
    assert.deepEqual(marked[0].providerOptions, ephemeralAnthropic);
    assert.equal((marked[1].content as unknown as Array<Record<string, unknown>>)[0].providerOptions, undefined);
    assert.deepEqual((marked[3].content as unknown as Array<Record<string, unknown>>)[0].providerOptions, ephemeralAnthropic);
  });

  it('replaces empty user text and empty assistant turns with a placeholder', () => {
    const converted = toSdkPrompt(
      [{ role: 'user', content: [text('  ')] }, { role: 'assistant', content: [text('')], toolCalls: [] }],
      { api: 'anthropic-messages', forceStringContent: false, sendReasoningContent: false },
    );
    assert.deepEqual(converted, [
      { role: 'user', content: [{ type: 'text', text: '(empty)' }] },
      { role: 'assistant', content: [{ type: 'text', text: '(empty)' }] },
    ]);
  });
});

describe('toSdkPrompt for Bedrock Converse', () => {
  const options = { api: 'bedrock-converse' as const, forceStringContent: false, sendReasoningContent: false };
  const prompt = toSdkPrompt(applyCacheMarkers(history, true), options);

  it('replays thinking blocks under the bedrock provider key', () => {
    const parts = prompt[2].content as unknown as Array<Record<string, unknown>>;
    assert.deepEqual(parts.slice(0, 2), [
      { type: 'reasoning', text: 'hmm', providerOptions: { bedrock: { signature: 'sig' } } },
      { type: 'reasoning', text: '', providerOptions: { bedrock: { redactedData: 'opaque' } } },
    ]);
  });

  it('keeps inline images and replaces remote ones in tool results with a note', () => {
    assert.deepEqual((prompt[1].content as unknown as Array<Record<string, unknown>>)[1], { type: 'file', data: 'AAAA', mediaType: 'image/png' });
    const result = (prompt[3].content as unknown as Array<{ output: unknown }>)[0];
    assert.deepEqual(result.output, {
      type: 'content',
      value: [
        { type: 'text', text: 'a.txt' },
        { type: 'text', text: '(The image at https://x.test/s.png was left out: this model accepts only inline JPEG, PNG, GIF or WebP images.)' },
      ],
    });
  });

  it('replaces an image in a format Bedrock does not take with a note', () => {
    const converted = toSdkPrompt([{ role: 'user', content: [{ type: 'image', url: 'data:image/svg+xml;base64,PHN2Zy8+' }] }], options);
    assert.deepEqual(converted[0].content, [
      { type: 'text', text: '(An image of type image/svg+xml was left out: this model accepts only inline JPEG, PNG, GIF or WebP images.)' },
    ]);
  });

  it('turns cache markers into cachePoint provider options', () => {
    const cachePoint = { bedrock: { cachePoint: { type: 'default' } } };
    assert.deepEqual(prompt[0].providerOptions, cachePoint);
    assert.deepEqual((prompt[3].content as unknown as Array<Record<string, unknown>>)[0].providerOptions, cachePoint);
  });
});

describe('toSdkPrompt for OpenAI-compatible chat', () => {
  it('moves tool images after the tool results and names tool results', () => {
    const prompt = toSdkPrompt(history, { api: 'openai-compatible-chat', forceStringContent: false, sendReasoningContent: false });
    assert.deepEqual(prompt[2], {
      role: 'assistant',
      content: [{ type: 'text', text: 'On it' }, { type: 'tool-call', toolCallId: 'c1', toolName: 'terminal', input: '{"command":"ls"}' }],
      providerOptions: { openaiCompatible: { thinking_blocks: [{ type: 'thinking', thinking: 'hmm', signature: 'sig' }, { type: 'redacted_thinking', data: 'opaque' }] } },
    });
    assert.deepEqual(prompt[3], {
      role: 'tool',
      content: [{ type: 'tool-result', toolCallId: 'c1', toolName: 'terminal', output: { type: 'text', value: 'a.txt' }, providerOptions: { openaiCompatible: { name: 'terminal' } } }],
    });
    assert.equal(prompt[4].role, 'user');
    assert.equal((prompt[4].content[0] as { data: URL }).data.toString(), 'https://x.test/s.png');
  });

  it('joins text and drops images in string form', () => {
    const prompt = toSdkPrompt(history, { api: 'openai-compatible-chat', forceStringContent: true, sendReasoningContent: false });
    assert.deepEqual(prompt[1], { role: 'user', content: [{ type: 'text', text: 'Fix it' }] });
    assert.equal(prompt.length, 4);
  });

  it('replays reasoning_content only for models that need it', () => {
    const prompt = toSdkPrompt(history, { api: 'openai-compatible-chat', forceStringContent: false, sendReasoningContent: true });
    assert.deepEqual((prompt[2].content as unknown as Array<Record<string, unknown>>)[0], { type: 'reasoning', text: 'why' });
  });
});

describe('toSdkPrompt for the Responses API', () => {
  it('replays the reasoning item before the assistant content', () => {
    const prompt = toSdkPrompt(
      [{ role: 'assistant', content: [text('Hi')], toolCalls: [], responsesReasoningItem: { id: 'rs_1', summary: ['s1', 's2'], content: null, encrypted_content: 'enc', status: null } }],
      { api: 'openai-responses', forceStringContent: false, sendReasoningContent: false },
    );
    assert.deepEqual(prompt[0].content, [
      { type: 'reasoning', text: 's1', providerOptions: { openai: { itemId: 'rs_1', reasoningEncryptedContent: 'enc' } } },
      { type: 'reasoning', text: 's2', providerOptions: { openai: { itemId: 'rs_1', reasoningEncryptedContent: 'enc' } } },
      { type: 'text', text: 'Hi' },
    ]);
  });
});

describe('applyCacheMarkers', () => {
  it('marks the system message and the last user or tool message only', () => {
    const marked = applyCacheMarkers([
      { role: 'system', content: [text('s1'), text('s2')] },
      { role: 'user', content: [text('u1')] },
      { role: 'assistant', content: [text('a')], toolCalls: [] },
      { role: 'user', content: [text('u2'), { type: 'image', url: png }] },
      { role: 'assistant', content: [text('b')], toolCalls: [] },
    ], true);
    assert.deepEqual(marked[0].content, [text('s1'), text('s2', true)]);
    assert.deepEqual(marked[1].content, [text('u1')]);
    assert.deepEqual(marked[3].content, [text('u2', true), { type: 'image', url: png }]);
    assert.deepEqual(marked[4].content, [text('b')]);
  });

  it('removes every marker when caching is off', () => {
    const marked = applyCacheMarkers([{ role: 'user', content: [text('u', true)] }], false);
    assert.deepEqual(marked[0].content, [text('u')]);
  });
});

describe('limitContent', () => {
  it('max_message_chars cuts tool results only', () => {
    const long = 'q'.repeat(5000);
    const limited = limitContent(
      [
        { role: 'system', content: [text(long)] },
        { role: 'tool', toolCallId: 'c1', toolName: 'terminal', content: [text(long)] },
      ],
      { supportsVision: true, maxToolResultChars: 1000 },
    );
    assert.equal((limited[0].content[0] as { text: string }).text.length, 5000);
    const clipped = (limited[1].content[0] as { text: string }).text;
    assert.equal(clipped.length, 1000);
    assert.ok(clipped.startsWith('qqq') && clipped.endsWith('qqq') && clipped.includes('<response clipped>'));
  });

  it('drops user and tool images without vision', () => {
    const limited = limitContent(history, { supportsVision: false });
    assert.deepEqual(limited[1].content, [text('Fix it')]);
    assert.deepEqual(limited[3].content, [text('a.txt')]);
  });

  it('cuts long text in the middle to exactly the limit', () => {
    const cut = truncateMiddle('x'.repeat(500) + 'y'.repeat(500), 400);
    assert.equal(cut.length, 400);
    assert.ok(cut.startsWith('x') && cut.endsWith('y'));
    assert.equal(truncateMiddle('short', 400), 'short');
    const [limited] = limitContent([{ role: 'user', content: [text('z'.repeat(1000))] }], { supportsVision: true, maxTextChars: 300 });
    assert.equal((limited.content[0] as { text: string }).text.length, 300);
  });
});
