/**
 * `GET /api/git/diff/{path}` (api.md 10.2): a file's content at the comparison ref and now.
 *
 * Both sides get the same treatment (CRLF becomes LF, one final newline is dropped, binary or
 * non-UTF-8 content becomes ""), so an unchanged file gives two equal strings. The reference
 * strips all surrounding whitespace from the original only.
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { GitPathNotFoundError, GitRequestError } from '../errors.js';
import { comparisonRef, repositoryRoot } from './repository.js';
import { runGit } from './run-git.js';

export interface GitDiff {
  modified: string | null;
  original: string | null;
}

const MAX_FILE_BYTES = 1024 * 1024;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

export function comparableText(bytes: Buffer): string {
  if (bytes.includes(0)) return '';
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    return '';
  }
  text = text.replace(/\r\n/g, '\n');
  return text.endsWith('\n') ? text.slice(0, -1) : text;
}

export async function gitDiff(requested: string): Promise<GitDiff> {
  let file: string;
  try {
    file = await realpath(requested);
  } catch {
    throw new GitPathNotFoundError(`File does not exist: ${requested}`);
  }
  const stats = await stat(file);
  if (!stats.isFile()) throw new GitRequestError(`Not a file: ${requested}`);
  if (stats.size > MAX_FILE_BYTES) throw new GitRequestError(`File too large for git diff: ${requested}`);
  const repository = await repositoryRoot(path.dirname(file));
  if (repository.root === null) throw new GitRequestError(`File is not in a git repository: ${requested}`);
  const ref = await comparisonRef(repository.root);
  const relative = path.relative(repository.root, file).split(path.sep).join('/');
  // A file that did not exist at the ref has an empty original.
  const shown = await runGit(repository.root, ['show', `${ref}:${relative}`]);
  return {
    modified: comparableText(await readFile(file)),
    original: shown.exitCode === 0 ? comparableText(shown.stdout) : '',
  };
}
