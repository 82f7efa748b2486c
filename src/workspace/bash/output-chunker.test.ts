import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OutputChunker } from './output-chunker.js';

test('small output stays whole until the end', () => {
  const chunker = new OutputChunker(10);
  assert.deepEqual(chunker.push(Buffer.from('hello ')), []);
  assert.deepEqual(chunker.push(Buffer.from('world')), ['hello worl']);
  assert.equal(chunker.finish(), 'd');
});

test('exactly the chunk size is not cut: only more than that is', () => {
  const chunker = new OutputChunker(4);
  assert.deepEqual(chunker.push(Buffer.from('abcd')), []);
  assert.equal(chunker.finish(), 'abcd');
});

test('one large read yields every full chunk at once', () => {
  const chunker = new OutputChunker(3);
  assert.deepEqual(chunker.push(Buffer.from('abcdefghij')), ['abc', 'def', 'ghi']);
  assert.equal(chunker.finish(), 'j');
});

test('a multi-byte character split across reads is decoded whole', () => {
  const bytes = Buffer.from('é€😀', 'utf8');
  const chunker = new OutputChunker(100);
  for (const byte of bytes) assert.deepEqual(chunker.push(Buffer.from([byte])), []);
  assert.equal(chunker.finish(), 'é€😀');
});

test('invalid bytes become replacement characters and a dangling partial character is flushed', () => {
  const chunker = new OutputChunker(100);
  chunker.push(Buffer.from([0x61, 0xff, 0x62, 0xe2, 0x82]));
  assert.equal(chunker.finish(), 'a\ufffdb\ufffd');
});

test('a cut never splits a surrogate pair', () => {
  const chunker = new OutputChunker(2);
  const chunks = chunker.push(Buffer.from('a😀bc', 'utf8'));
  assert.deepEqual(chunks, ['a', '😀']);
  assert.equal(chunker.finish(), 'bc');
});
