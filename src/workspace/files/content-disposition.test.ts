import assert from 'node:assert/strict';
import { test } from 'node:test';
import { attachmentDisposition } from './content-disposition.js';

test('an ASCII name is quoted, with quotes and backslashes escaped', () => {
  assert.equal(attachmentDisposition('report.txt'), 'attachment; filename="report.txt"');
  assert.equal(attachmentDisposition('a "b"\\c.txt'), 'attachment; filename="a \\"b\\"\\\\c.txt"');
});

test('a non-ASCII name gets an ASCII fallback and an RFC 5987 filename*', () => {
  assert.equal(attachmentDisposition("résumé (1)'.pdf"), "attachment; filename=\"r_sum_ (1)'.pdf\"; filename*=UTF-8''r%C3%A9sum%C3%A9%20%281%29%27.pdf");
});

test('control characters never reach the header value', () => {
  const value = attachmentDisposition('line\nbreak\r.txt');
  assert.equal(value, "attachment; filename=\"line_break_.txt\"; filename*=UTF-8''line%0Abreak%0D.txt");
});
