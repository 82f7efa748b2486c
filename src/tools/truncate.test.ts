import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CLIPPED_NOTICE, maybeTruncate } from './truncate.js';

describe('maybeTruncate', () => {
  it('leaves short text alone', () => {
    assert.equal(maybeTruncate('short', 10), 'short');
  });

  it('keeps head and tail around the notice, exactly `limit` long', () => {
    const text = `${'a'.repeat(500)}${'b'.repeat(500)}`;
    const result = maybeTruncate(text, 300);
    assert.equal(result.length, 300);
    const head = Math.ceil((300 - CLIPPED_NOTICE.length) / 2);
    assert.equal(result, `${'a'.repeat(head)}${CLIPPED_NOTICE}${'b'.repeat(300 - CLIPPED_NOTICE.length - head)}`);
  });

  it('names the saved file and the line where the cut starts', () => {
    const text = Array.from({ length: 200 }, (_, index) => `line ${index + 1}`).join('\n');
    const result = maybeTruncate(text, 600, { savedFile: '/data/out.txt' });
    assert.equal(result.length, 600);
    const head = Math.ceil((600 - CLIPPED_NOTICE.length) / 2);
    const cutLine = text.slice(0, head).split('\n').length;
    assert.ok(result.startsWith(text.slice(0, head)));
    assert.ok(result.includes(`The full output is saved in /data/out.txt; the cut starts at line ${cutLine}.`));
    assert.ok(result.endsWith('line 200'));
  });

  it('cuts the notice itself when the limit is smaller than it', () => {
    assert.equal(maybeTruncate('x'.repeat(100), 10), CLIPPED_NOTICE.slice(0, 10));
  });
});
