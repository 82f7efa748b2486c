/**
 * Turns one output stream of a command into text pieces (api.md 8.2): bytes are decoded as UTF-8
 * (a character split across reads is kept whole, invalid bytes become U+FFFD), and whenever more
 * than `chunkChars` characters are waiting, exactly `chunkChars` of them are cut off as a chunk.
 * What is left at the end goes into the command's final output.
 *
 * Characters are UTF-16 code units here (the reference counts code points); a cut never splits a
 * surrogate pair, so such a chunk is one unit shorter.
 */
import { StringDecoder } from 'node:string_decoder';

export const CHUNK_CHARS = 1_048_576;

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

export class OutputChunker {
  private readonly decoder = new StringDecoder('utf8');
  private pieces: string[] = [];
  private waiting = 0;

  constructor(private readonly chunkChars: number = CHUNK_CHARS) {}

  /** Adds bytes; returns the chunks that are now complete (usually none). */
  push(bytes: Buffer): string[] {
    this.append(this.decoder.write(bytes));
    if (this.waiting <= this.chunkChars) return [];
    let text = this.pieces.join('');
    const chunks: string[] = [];
    while (text.length > this.chunkChars) {
      const cut = isHighSurrogate(text.charCodeAt(this.chunkChars - 1)) ? this.chunkChars - 1 : this.chunkChars;
      chunks.push(text.slice(0, cut));
      text = text.slice(cut);
    }
    this.pieces = text ? [text] : [];
    this.waiting = text.length;
    return chunks;
  }

  /** Everything not yet returned as a chunk, including a partial character at the very end. */
  finish(): string {
    this.append(this.decoder.end());
    const rest = this.pieces.join('');
    this.pieces = [];
    this.waiting = 0;
    return rest;
  }

  private append(text: string): void {
    if (!text) return;
    this.pieces.push(text);
    this.waiting += text.length;
  }
}
