/**
 * Terminal bytes to plain text (agent.md 5.3, Recommended: strip ANSI CSI/OSC sequences and `\r`).
 * A carriage return inside a line overwrites it from the start, as a screen would show a progress
 * bar, so only what remains visible is kept.
 */

// OSC (ended by BEL or ESC \), CSI, and the other two-character escapes (charset selection etc.).
const ESCAPE_SEQUENCES = /\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b\[[0-?]*[ -/]*[@-~]|\x1b[()*+][0-9A-Za-z]|\x1b[@-Z\\-_=>78]/g;
const OTHER_CONTROLS = /[\x00-\x08\x0b\x0c\x0e-\x1a\x1c-\x1f\x7f]/g;

export function cleanTerminalOutput(raw: string): string {
  const text = raw.replace(ESCAPE_SEQUENCES, '').replace(/\x1b/g, '').replace(OTHER_CONTROLS, '');
  return text
    .split('\n')
    .map((line) => overwriteCarriageReturns(line.replace(/\r+$/, '')))
    .join('\n');
}

function overwriteCarriageReturns(line: string): string {
  if (!line.includes('\r')) return line;
  let visible = '';
  for (const part of line.split('\r')) visible = part + visible.slice(part.length);
  return visible;
}
