/**
 * Head-and-tail truncation shared by the tools (agent.md 5.10): the result is exactly `limit`
 * characters, with a notice in the middle. The head size is computed with the plain notice; when
 * the full text was saved to a file, the longer notice naming that file takes room from the tail.
 */

export const CLIPPED_NOTICE =
  '<response clipped><NOTE>Only the beginning and the end of this output are shown; the middle was cut.</NOTE>';

export interface TruncateOptions {
  /** The notice put in place of the cut text (default: CLIPPED_NOTICE). */
  notice?: string;
  /** Path of a file that holds the full text; the notice then names it and the first cut line. */
  savedFile?: string;
}

export function maybeTruncate(text: string, limit: number, options: TruncateOptions = {}): string {
  if (text.length <= limit) return text;
  const plainNotice = options.notice ?? CLIPPED_NOTICE;
  if (plainNotice.length >= limit) return plainNotice.slice(0, limit);
  let head = Math.ceil((limit - plainNotice.length) / 2);
  let notice = plainNotice;
  if (options.savedFile !== undefined) {
    notice = savedNotice(options.savedFile, lineOf(text, head));
    if (notice.length >= limit) return notice.slice(0, limit);
    head = Math.min(head, limit - notice.length);
  }
  const tail = limit - notice.length - head;
  return text.slice(0, head) + notice + (tail > 0 ? text.slice(text.length - tail) : '');
}

function savedNotice(file: string, firstCutLine: number): string {
  return (
    '<response clipped><NOTE>Only the beginning and the end of this output are shown. ' +
    `The full output is saved in ${file}; the cut starts at line ${firstCutLine}. ` +
    'Read that file with grep -n or sed -n to see the missing part.</NOTE>'
  );
}

/** 1-based line number of the character at `offset`. */
function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let index = text.indexOf('\n'); index !== -1 && index < offset; index = text.indexOf('\n', index + 1)) line += 1;
  return line;
}
