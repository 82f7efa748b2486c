/**
 * The texts file_editor returns (agent.md 5.4). The `cat -n` view and the error wordings are the
 * ones agent.md pins because models are trained on them; keep them exact.
 */
import { maybeTruncate } from '../truncate.js';

/** agent.md 5.10: file_editor output is clipped at 16,000 characters. */
export const CONTENT_LIMIT = 16_000;

const FILE_CLIPPED_NOTICE =
  '<response clipped><NOTE>This file is too long to show at once, so its middle was cut. ' +
  'Find the lines you need with `grep -n` in the terminal, then view them with `view_range`.</NOTE>';

/** `cat -n` style lines: number right-aligned in six columns, a tab, the line. */
export function numberLines(text: string, firstLine = 1): string {
  return text
    .split('\n')
    .map((line, index) => `${String(index + firstLine).padStart(6)}\t${line}`)
    .join('\n');
}

export function clipFileContent(text: string): string {
  return maybeTruncate(text, CONTENT_LIMIT, { notice: FILE_CLIPPED_NOTICE });
}

export function catView(path: string, text: string, firstLine = 1): string {
  return `Here's the result of running \`cat -n\` on ${path}:\n${numberLines(clipFileContent(text), firstLine)}\n`;
}

export function snippetView(title: string, text: string, firstLine: number): string {
  return `Here's the result of running \`cat -n\` on a snippet of ${title}:\n${numberLines(clipFileContent(text), firstLine)}\n`;
}

export function pythonList(values: readonly unknown[]): string {
  return `[${values.map((value) => (typeof value === 'string' ? `'${value}'` : String(value))).join(', ')}]`;
}

export const messages = {
  relativePath: (path: string, suggestion: string | null) =>
    `Invalid \`path\` parameter: ${path}. The path should be an absolute path, starting with \`/\`.` +
    (suggestion ? ` Maybe you meant ${suggestion}?` : ''),
  alreadyExists: (path: string) =>
    `Invalid \`path\` parameter: ${path}. File already exists at: ${path}. Cannot overwrite files using command \`create\`.`,
  missingPath: (path: string) =>
    `Invalid \`path\` parameter: ${path}. The path ${path} does not exist. Please provide a valid path.`,
  directoryNotAllowed: (path: string) =>
    `Invalid \`path\` parameter: ${path}. The path ${path} is a directory and only the \`view\` command can be used on directories.`,
  missingParameter: (parameter: string, command: string) =>
    `Parameter \`${parameter}\` is required for command: ${command}.`,
  sameStrings: (newStr: string) =>
    `Invalid \`new_str\` parameter: ${newStr}. No replacement was performed. \`new_str\` and \`old_str\` must be different.`,
  emptyOldStr: () =>
    'Invalid `old_str` parameter: it is empty. No replacement was performed. Give the exact text to replace, with enough surrounding lines to make it unique.',
  noMatch: (oldStr: string, path: string) =>
    `No replacement was performed, old_str \`${oldStr}\` did not appear verbatim in ${path}.`,
  multipleMatches: (oldStr: string, lines: number[]) =>
    `No replacement was performed. Multiple occurrences of old_str \`${oldStr}\` in lines ${pythonList(lines)}. Please ensure it is unique.`,
  tooLarge: (path: string, bytes: number) =>
    `File validation failed for ${path}: File is too large (${(bytes / (1024 * 1024)).toFixed(1)}MB). Maximum allowed size is 10MB.`,
  binary: (path: string) =>
    `File validation failed for ${path}: File appears to be binary and this file type cannot be read or edited by this tool.`,
  noHistory: (path: string) => `No edit history found for ${path}.`,
  ioError: (verb: 'write to' | 'read', path: string, error: unknown) =>
    `Ran into ${(error as Error).message} while trying to ${verb} ${path}`,
  badViewRange: (range: unknown, hint: string) => `Invalid \`view_range\` parameter: ${formatRange(range)}. ${hint}`,
  badInsertLine: (line: number, lineCount: number) =>
    `Invalid \`insert_line\` parameter: ${line}. It should be within the range of allowed values: [0, ${lineCount}]`,
  clampedRange: (lineCount: number) =>
    `NOTE: We only show up to ${lineCount} since there're only ${lineCount} lines in this file.\n`,
  created: (path: string) => `File created successfully at: ${path}`,
  edited: (path: string) => `The file ${path} has been edited. `,
  reviewEdit: () => 'Review the changes and make sure they are as expected. Edit the file again if necessary.',
  reviewInsert: () =>
    'Review the changes and make sure they are as expected: correct indentation, no duplicated or missing lines. Edit the file again if necessary.',
  undone: (path: string) => `Last edit to ${path} undone successfully. `,
  imageRead: (path: string) => `Image file ${path} read successfully. Displaying image content.`,
  directoryListing: (path: string) =>
    `Here's the files and directories up to 2 levels deep in ${path}, excluding hidden items:\n`,
  hiddenExcluded: (count: number, path: string) =>
    `\n${count} hidden files/directories in this directory are excluded. You can use 'ls -la ${path}' to see them.`,
};

function formatRange(range: unknown): string {
  return Array.isArray(range) ? pythonList(range) : String(range);
}
