// Streamed text and tool arguments are cut into several pieces so that clients must
// concatenate deltas, as with a real model. Pieces follow code points, never UTF-16 units,
// so an emoji is never split into invalid halves. About 50 pieces per field keeps long
// texts from turning into thousands of events.
const targetPieceCount = 50;
const minimumPieceLength = 4;

export function splitIntoChunks(text: string): string[] {
  const codePoints = Array.from(text);
  const pieceLength = Math.max(minimumPieceLength, Math.ceil(codePoints.length / targetPieceCount));
  const pieces: string[] = [];
  for (let start = 0; start < codePoints.length; start += pieceLength) {
    pieces.push(codePoints.slice(start, start + pieceLength).join(''));
  }
  return pieces;
}
