/** file_editor's writing commands (agent.md 5.4): create, str_replace, insert, undo_edit. */
import { writeFile } from 'node:fs/promises';
import { FileEditorError, readTextFile } from './file-checks.js';
import type { EditHistory } from './history.js';
import { catView, messages, snippetView } from './render.js';

/** What an edit did: the text for the LLM and the contents before and after. */
export interface EditOutcome {
  text: string;
  oldContent: string | null;
  newContent: string;
}

const SNIPPET_CONTEXT_LINES = 4;

export async function createFile(target: string, fileText: string, history: EditHistory): Promise<EditOutcome> {
  await writeText(target, fileText);
  // agent.md 5.4: the created text is pushed, so an undo right after create rewrites it.
  history.push(target, fileText);
  return { text: messages.created(target), oldContent: null, newContent: fileText };
}

export async function replaceInFile(
  target: string,
  strings: { oldStr: string; newStr: string },
  history: EditHistory,
): Promise<EditOutcome> {
  const { oldStr } = strings;
  if (oldStr === strings.newStr) throw new FileEditorError(messages.sameStrings(strings.newStr));
  if (oldStr === '') throw new FileEditorError(messages.emptyOldStr());
  const content = await readTextFile(target);
  let search = oldStr;
  let replacement = strings.newStr;
  let positions = occurrences(content, search);
  if (positions.length === 0 && oldStr.trim() !== '') {
    // Models often add or drop surrounding whitespace; retry with both strings trimmed.
    search = oldStr.trim();
    replacement = strings.newStr.trim();
    positions = occurrences(content, search);
  }
  if (positions.length === 0) throw new FileEditorError(messages.noMatch(oldStr, target));
  if (positions.length > 1) {
    throw new FileEditorError(messages.multipleMatches(oldStr, positions.map((index) => lineAt(content, index))));
  }
  const [index] = positions;
  const newContent = content.slice(0, index) + replacement + content.slice(index + search.length);
  await writeText(target, newContent);
  history.push(target, content);

  const matchLine = lineAt(content, index);
  const start = Math.max(1, matchLine - SNIPPET_CONTEXT_LINES + 1);
  const end = matchLine + SNIPPET_CONTEXT_LINES + countNewlines(replacement);
  const text =
    messages.edited(target) + snippetView(target, linesBetween(newContent, start, end), start) + messages.reviewEdit();
  return { text, oldContent: content, newContent };
}

export async function insertIntoFile(
  target: string,
  insertion: { insertLine: number; newStr: string },
  history: EditHistory,
): Promise<EditOutcome> {
  const content = await readTextFile(target);
  const lines = content.split('\n');
  const { insertLine } = insertion;
  if (insertLine < 0 || insertLine > lines.length) {
    throw new FileEditorError(messages.badInsertLine(insertLine, lines.length));
  }
  const inserted = insertion.newStr.replace(/\n$/, '').split('\n');
  // The empty element after a final newline is not a line: inserting "after" it keeps the newline last.
  const at = insertLine === lines.length && lines[lines.length - 1] === '' ? insertLine - 1 : insertLine;
  const newLines = [...lines.slice(0, at), ...inserted, ...lines.slice(at)];
  const newContent = newLines.join('\n');
  await writeText(target, newContent);
  history.push(target, content);

  const start = Math.max(1, at - SNIPPET_CONTEXT_LINES + 1);
  const end = at + inserted.length + SNIPPET_CONTEXT_LINES;
  const text =
    messages.edited(target) +
    snippetView('the edited file', linesBetween(newContent, start, end), start) +
    messages.reviewInsert();
  return { text, oldContent: content, newContent };
}

export async function undoEdit(target: string, history: EditHistory): Promise<EditOutcome> {
  const previous = history.pop(target);
  if (previous === null) throw new FileEditorError(messages.noHistory(target));
  const current = await readTextFile(target);
  await writeText(target, previous);
  return { text: messages.undone(target) + catView(target, previous), oldContent: current, newContent: previous };
}

async function writeText(target: string, text: string): Promise<void> {
  try {
    await writeFile(target, text, 'utf8');
  } catch (error) {
    throw new FileEditorError(messages.ioError('write to', target, error));
  }
}

function occurrences(content: string, search: string): number[] {
  const positions: number[] = [];
  for (let index = content.indexOf(search); index !== -1; index = content.indexOf(search, index + search.length)) {
    positions.push(index);
  }
  return positions;
}

/** 1-based line of the character at `index`. */
function lineAt(content: string, index: number): number {
  return countNewlines(content.slice(0, index)) + 1;
}

function countNewlines(text: string): number {
  return text.split('\n').length - 1;
}

/** Lines `start..end` (1-based, inclusive, clamped to the file). */
function linesBetween(content: string, start: number, end: number): string {
  return content.split('\n').slice(start - 1, end).join('\n');
}
