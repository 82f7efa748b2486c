/**
 * A small, forgiving reading of bash command text for the rule-based security analyzer: the simple
 * commands (words and redirects), grouped into pipelines, plus the text of every command
 * substitution, process substitution and backtick block so those can be read too. It does not
 * expand anything and never throws: text it cannot follow still yields words.
 */
export interface Redirect {
  /** `>`, `>>`, `>|`, `&>`, `&>>`, `<`, `<>` (a leading fd number is dropped). */
  op: string;
  target: string;
}

export interface SimpleCommand {
  words: string[];
  redirects: Redirect[];
  /** Bodies of here-documents fed to this command. */
  heredocs: string[];
}

export interface ShellText {
  /** Commands joined by `|` form one pipeline; `;`, `&&`, `||`, `&`, newlines and brackets separate pipelines. */
  pipelines: SimpleCommand[][];
  /** Text inside `$(...)`, `<(...)`, `>(...)` and backticks, to be read as commands of its own. */
  nested: string[];
}

const LIST_OPERATORS = ['&&', '||', ';;', ';', '&', '\n', '(', ')'];
const REDIRECTS = ['&>>', '&>', '>>', '>|', '>&', '<<<', '<<-', '<<', '<>', '<&', '>', '<'];

interface Scanner {
  text: string;
  index: number;
  nested: string[];
}

/** Reads a balanced `(...)` body starting just after the opening bracket; returns the body. */
function readBalanced(scanner: Scanner): string {
  const start = scanner.index;
  let depth = 1;
  let quote: string | null = null;
  while (scanner.index < scanner.text.length) {
    const char = scanner.text[scanner.index++];
    if (quote) {
      if (char === '\\' && quote === '"') scanner.index++;
      else if (char === quote) quote = null;
      continue;
    }
    if (char === '\\') scanner.index++;
    else if (char === "'" || char === '"') quote = char;
    else if (char === '(') depth++;
    else if (char === ')' && --depth === 0) return scanner.text.slice(start, scanner.index - 1);
  }
  return scanner.text.slice(start);
}

function readBackticks(scanner: Scanner): string {
  const start = scanner.index;
  while (scanner.index < scanner.text.length) {
    const char = scanner.text[scanner.index++];
    if (char === '\\') scanner.index++;
    else if (char === '`') return scanner.text.slice(start, scanner.index - 1);
  }
  return scanner.text.slice(start);
}

/** `$(`, `<(`, `>(` or a backtick at the scanner: reads it whole, records its body, returns its text. */
function readSubstitution(scanner: Scanner): string | null {
  const { text, index } = scanner;
  const two = text.slice(index, index + 2);
  if (two === '$(' || two === '<(' || two === '>(') {
    scanner.index += 2;
    const body = readBalanced(scanner);
    scanner.nested.push(body);
    return `${two}${body})`;
  }
  if (text[index] === '`') {
    scanner.index += 1;
    const body = readBackticks(scanner);
    scanner.nested.push(body);
    return `\`${body}\``;
  }
  return null;
}

type Token = { type: 'word'; value: string } | { type: 'op'; value: string } | { type: 'heredoc'; value: string };

/** Reads the lines of pending here-documents, just after the newline that ends their command. */
function readHeredocs(scanner: Scanner, pending: { delimiter: string; stripTabs: boolean }[]): string[] {
  const bodies: string[] = [];
  for (const { delimiter, stripTabs } of pending) {
    const lines: string[] = [];
    while (scanner.index < scanner.text.length) {
      const end = scanner.text.indexOf('\n', scanner.index);
      const raw = scanner.text.slice(scanner.index, end === -1 ? scanner.text.length : end);
      scanner.index = end === -1 ? scanner.text.length : end + 1;
      const line = stripTabs ? raw.replace(/^\t+/, '') : raw;
      if (line === delimiter) break;
      lines.push(line);
    }
    bodies.push(lines.join('\n'));
  }
  return bodies;
}

function tokenize(scanner: Scanner): Token[] {
  const tokens: Token[] = [];
  const { text } = scanner;
  let word = '';
  let inWord = false;
  let heredocOperator: { stripTabs: boolean } | null = null;
  const pendingHeredocs: { delimiter: string; stripTabs: boolean }[] = [];
  const endWord = () => {
    if (inWord) {
      tokens.push({ type: 'word', value: word });
      if (heredocOperator) pendingHeredocs.push({ delimiter: word, ...heredocOperator });
      heredocOperator = null;
    }
    word = '';
    inWord = false;
  };
  while (scanner.index < text.length) {
    const char = text[scanner.index];
    if (char === ' ' || char === '\t' || char === '\r') {
      endWord();
      scanner.index++;
      continue;
    }
    if (char === '\\') {
      if (text[scanner.index + 1] === '\n') scanner.index += 2;
      else {
        word += text[scanner.index + 1] ?? '';
        inWord = true;
        scanner.index += 2;
      }
      continue;
    }
    if (char === '#' && !inWord) {
      while (scanner.index < text.length && text[scanner.index] !== '\n') scanner.index++;
      continue;
    }
    if (char === "'") {
      const end = text.indexOf("'", scanner.index + 1);
      word += text.slice(scanner.index + 1, end === -1 ? text.length : end);
      inWord = true;
      scanner.index = end === -1 ? text.length : end + 1;
      continue;
    }
    if (char === '"') {
      scanner.index++;
      inWord = true;
      while (scanner.index < text.length && text[scanner.index] !== '"') {
        const substitution = text[scanner.index] === '$' || text[scanner.index] === '`' ? readSubstitution(scanner) : null;
        if (substitution !== null) {
          word += substitution;
          continue;
        }
        if (text[scanner.index] === '\\' && '"\\$`'.includes(text[scanner.index + 1] ?? '')) scanner.index++;
        word += text[scanner.index++] ?? '';
      }
      scanner.index++;
      continue;
    }
    const substitution = char === '$' || char === '`' || ((char === '<' || char === '>') && text[scanner.index + 1] === '(' && !inWord) ? readSubstitution(scanner) : null;
    if (substitution !== null) {
      word += substitution;
      inWord = true;
      continue;
    }
    if (char === '$' && text[scanner.index + 1] === '{') {
      const end = text.indexOf('}', scanner.index);
      const piece = text.slice(scanner.index, end === -1 ? text.length : end + 1);
      word += piece;
      inWord = true;
      scanner.index += piece.length;
      continue;
    }
    const redirect = REDIRECTS.find((op) => text.startsWith(op, scanner.index));
    if (redirect) {
      // `2>` and `2>>`: the digits before the operator name a file descriptor, not a word.
      if (inWord && /^\d+$/.test(word)) {
        word = '';
        inWord = false;
      }
      endWord();
      tokens.push({ type: 'op', value: redirect });
      scanner.index += redirect.length;
      if (redirect === '<<' || redirect === '<<-') heredocOperator = { stripTabs: redirect === '<<-' };
      continue;
    }
    const pipe = text.startsWith('|&', scanner.index) ? '|&' : char === '|' && text[scanner.index + 1] !== '|' ? '|' : null;
    if (pipe) {
      endWord();
      tokens.push({ type: 'op', value: '|' });
      scanner.index += pipe.length;
      continue;
    }
    const operator = LIST_OPERATORS.find((op) => text.startsWith(op, scanner.index));
    if (operator) {
      endWord();
      tokens.push({ type: 'op', value: operator });
      scanner.index += operator.length;
      if (operator === '\n' && pendingHeredocs.length > 0) {
        for (const body of readHeredocs(scanner, pendingHeredocs.splice(0))) tokens.push({ type: 'heredoc', value: body });
      }
      continue;
    }
    word += char;
    inWord = true;
    scanner.index++;
  }
  endWord();
  return tokens;
}

export function parseShell(text: string): ShellText {
  const scanner: Scanner = { text, index: 0, nested: [] };
  const tokens = tokenize(scanner);
  const pipelines: SimpleCommand[][] = [];
  // Commands that opened a here-document, in order; its body token arrives after the line ends.
  const heredocOwners: SimpleCommand[] = [];
  let pipeline: SimpleCommand[] = [];
  let command: SimpleCommand = { words: [], redirects: [], heredocs: [] };
  const endCommand = () => {
    if (command.words.length > 0 || command.redirects.length > 0) pipeline.push(command);
    command = { words: [], redirects: [], heredocs: [] };
  };
  const endPipeline = () => {
    endCommand();
    if (pipeline.length > 0) pipelines.push(pipeline);
    pipeline = [];
  };
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index];
    if (token.type === 'word') {
      command.words.push(token.value);
      continue;
    }
    if (token.type === 'heredoc') {
      heredocOwners.shift()?.heredocs.push(token.value);
      continue;
    }
    if (token.value === '|') {
      endCommand();
      continue;
    }
    if (REDIRECTS.includes(token.value)) {
      const next = tokens[index + 1];
      const target = next?.type === 'word' ? next.value : '';
      if (next?.type === 'word') index++;
      if (token.value === '<<' || token.value === '<<-') heredocOwners.push(command);
      else if (token.value !== '<<<' && token.value !== '>&' && token.value !== '<&') command.redirects.push({ op: token.value, target });
      continue;
    }
    endPipeline();
  }
  endPipeline();
  return { pipelines, nested: scanner.nested };
}
