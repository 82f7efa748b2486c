/**
 * Splits command text into its top-level commands, only to refuse several at once (agent.md 5.3
 * step 5): separate lines are separate commands unless a quote, bracket, compound command
 * (if/case/for/while/until/select, `{ }`, `( )`), here-document, trailing `\`, `|`, `&&` or `||`
 * joins them. Commands on one line (`a; b`, `a && b`) are one. Text we cannot follow counts as
 * one command, as the reference does when its parser fails.
 */

type Frame = '(' | '{' | 'if' | 'case' | 'loop' | '`' | '"';

const OPENERS: Record<string, Frame> = {
  if: 'if',
  case: 'case',
  for: 'loop',
  while: 'loop',
  until: 'loop',
  select: 'loop',
  '{': '{',
};
const CLOSERS: Record<string, Frame> = { fi: 'if', esac: 'case', done: 'loop', '}': '{' };
const LEAD_INS = new Set(['then', 'do', 'else', 'elif', '!', 'time']);

interface Heredoc {
  delimiter: string;
  stripTabs: boolean;
}

export function splitCommands(text: string): string[] {
  try {
    return scan(text);
  } catch {
    return [text];
  }
}

function scan(text: string): string[] {
  const commands: string[] = [];
  const stack: Frame[] = [];
  const heredocs: Heredoc[] = [];
  let start = 0;
  let atCommandStart = true;
  let isContinued = false;
  let hasContent = false;
  let index = 0;

  const finishCommand = (end: number, resume: number) => {
    if (hasContent) commands.push(text.slice(start, end).trim());
    start = resume;
    hasContent = false;
  };

  while (index < text.length) {
    const char = text[index];
    const top = stack[stack.length - 1];

    if (top === '"') {
      if (char === '\\') index += 2;
      else if (char === '"') (stack.pop(), (index += 1));
      else if (text.startsWith('$(', index)) (stack.push('('), (index += 2), (atCommandStart = true));
      else if (char === '`') (stack.push('`'), (index += 1));
      else index += 1;
      continue;
    }

    if (char === '\n') {
      const { end, resume } = skipHeredocBodies(text, index, heredocs);
      if (stack.length === 0 && !isContinued) finishCommand(end, resume);
      index = resume;
      atCommandStart = true;
      continue;
    }
    if (char === ' ' || char === '\t') {
      index += 1;
      continue;
    }
    if (char === '#' && (index === 0 || /\s|;/.test(text[index - 1]))) {
      while (index < text.length && text[index] !== '\n') index += 1;
      continue;
    }

    hasContent = true;
    if (char === '\\') {
      index += 2; // an escaped newline continues the line
      atCommandStart = false;
      isContinued = false;
      continue;
    }
    const operator = /^(?:&&|\|\||;;|\|&|[|&;])/.exec(text.slice(index, index + 2))?.[0];
    if (operator) {
      index += operator.length;
      atCommandStart = true;
      isContinued = operator === '&&' || operator === '||' || operator === '|' || operator === '|&';
      continue;
    }
    isContinued = false;
    if (char === '(' || text.startsWith('$(', index)) {
      stack.push('(');
      index += char === '(' ? 1 : 2;
      atCommandStart = true;
      continue;
    }
    if (char === ')') {
      if (top === '(') stack.pop();
      else if (top !== 'case') throw new Error('unbalanced )'); // `pattern)` inside case is fine
      index += 1;
      atCommandStart = true;
      continue;
    }
    if (char === '`') {
      if (top === '`') stack.pop();
      else stack.push('`');
      index += 1;
      continue;
    }
    if (text.startsWith('<<', index) && !text.startsWith('<<<', index)) {
      index = readHeredocStart(text, index + 2, heredocs);
      atCommandStart = false;
      continue;
    }

    const wordEnd = endOfWord(text, index, stack);
    const word = text.slice(index, wordEnd);
    // Braces are reserved words wherever they stand alone (`function f {`); the others only first.
    const isReserved: boolean = atCommandStart || word === '{' || word === '}';
    if (isReserved && word in OPENERS) stack.push(OPENERS[word]);
    else if (isReserved && word in CLOSERS && stack.pop() !== CLOSERS[word]) throw new Error(`unbalanced ${word}`);
    atCommandStart = isReserved && (LEAD_INS.has(word) || OPENERS[word] === '{' || word === 'if' || word === 'while' || word === 'until');
    index = wordEnd;
  }
  if (stack.length > 0) throw new Error('unclosed construct');
  finishCommand(text.length, text.length);
  return commands;
}

/** End of a word; quotes inside it are skipped whole (a double quote opens a frame). */
function endOfWord(text: string, from: number, stack: Frame[]): number {
  let index = from;
  while (index < text.length && !/[\s;&|()<>`]/.test(text[index])) {
    const char = text[index];
    if (char === '\\') index += 2;
    else if (char === "'" || text.startsWith("$'", index)) {
      const open = char === "'" ? index : index + 1;
      const close = char === "'" ? text.indexOf("'", open + 1) : closingAnsiQuote(text, open + 1);
      if (close === -1) throw new Error('unclosed quote');
      index = close + 1;
    } else if (char === '"') {
      // Hand the rest of the string to the main loop's double-quote mode.
      stack.push('"');
      return index + 1;
    } else if (text.startsWith('$(', index)) return index;
    else index += 1;
  }
  return Math.max(index, from + 1);
}

function closingAnsiQuote(text: string, from: number): number {
  for (let index = from; index < text.length; index += 1) {
    if (text[index] === '\\') index += 1;
    else if (text[index] === "'") return index;
  }
  return -1;
}

function readHeredocStart(text: string, from: number, heredocs: Heredoc[]): number {
  let index = from;
  const stripTabs = text[index] === '-';
  if (stripTabs) index += 1;
  while (text[index] === ' ' || text[index] === '\t') index += 1;
  const match = /^(?:'([^']*)'|"([^"]*)"|([^\s;&|()<>]+))/.exec(text.slice(index));
  if (!match) throw new Error('here-document without a delimiter');
  heredocs.push({ delimiter: (match[1] ?? match[2] ?? match[3]).replace(/\\/g, ''), stripTabs });
  return index + match[0].length;
}

/**
 * At the newline at `newlineAt`: skips the bodies of pending here-documents. `end` is where the
 * command text ends (the newline after the last body), `resume` where scanning goes on.
 */
function skipHeredocBodies(text: string, newlineAt: number, heredocs: Heredoc[]): { end: number; resume: number } {
  let end = newlineAt;
  while (heredocs.length > 0) {
    const { delimiter, stripTabs } = heredocs.shift()!;
    for (;;) {
      if (end >= text.length) return { end: text.length, resume: text.length };
      const lineEnd = text.indexOf('\n', end + 1);
      const line = text.slice(end + 1, lineEnd === -1 ? text.length : lineEnd);
      end = lineEnd === -1 ? text.length : lineEnd;
      if ((stripTabs ? line.replace(/^\t+/, '') : line) === delimiter) break;
    }
  }
  return { end, resume: Math.min(end + 1, text.length) };
}
