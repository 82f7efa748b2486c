/**
 * `GET /api/git/changes/{path}` (api.md 10.1): what changed in the work tree containing `path`
 * since the comparison ref, plus untracked files, plus the changes of repositories nested directly
 * below `path` (reported under their directory name, in place of what the outer repository says
 * about that directory). Paths are relative to the outer repository's root, sorted.
 */
import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { GitCommandError, GitPathNotFoundError, GitRequestError } from '../errors.js';
import { comparisonRef, repositoryRoot } from './repository.js';
import { runGitOrFail } from './run-git.js';

export const GIT_CHANGE_STATUSES = ['MOVED', 'ADDED', 'DELETED', 'UPDATED'] as const;
export type GitChangeStatus = (typeof GIT_CHANGE_STATUSES)[number];

export interface GitChange {
  status: GitChangeStatus;
  path: string;
}

const SIMPLE_STATUSES: Record<string, GitChangeStatus> = { M: 'UPDATED', T: 'UPDATED', U: 'UPDATED', A: 'ADDED', D: 'DELETED' };

/** Parses `git diff --name-status -z` output into path -> status. */
export function parseNameStatus(output: string, into: Map<string, GitChangeStatus>): void {
  const fields = output.split('\0');
  let index = 0;
  while (index < fields.length && fields[index] !== '') {
    const status = fields[index++];
    const letter = status[0];
    if (letter === 'R' || letter === 'C') {
      const from = fields[index++];
      const to = fields[index++];
      if (from === undefined || to === undefined) throw new GitCommandError(`Unexpected git diff output near '${status}'`);
      // A rename is a deletion plus an addition (MOVED is never produced, as in the reference).
      if (letter === 'R') into.set(from, 'DELETED');
      into.set(to, 'ADDED');
      continue;
    }
    const file = fields[index++];
    const mapped = SIMPLE_STATUSES[letter];
    if (file === undefined || mapped === undefined) throw new GitCommandError(`Unexpected git status '${status}' for ${file ?? 'no path'}`);
    into.set(file, mapped);
  }
}

async function repositoryChanges(root: string): Promise<Map<string, GitChangeStatus>> {
  const ref = await comparisonRef(root);
  const changes = new Map<string, GitChangeStatus>();
  parseNameStatus((await runGitOrFail(root, ['diff', '--name-status', '-z', '--no-color', ref, '--'])).toString('utf8'), changes);
  const untracked = (await runGitOrFail(root, ['ls-files', '--others', '--exclude-standard', '-z'])).toString('utf8');
  for (const file of untracked.split('\0')) if (file) changes.set(file, 'ADDED');
  return changes;
}

/** Direct child directories of `directory` that are repositories of their own. */
async function nestedRepositories(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true });
  const nested: string[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory() || entry.name === '.git') continue;
    const child = path.join(directory, entry.name);
    const hasGit = await stat(path.join(child, '.git')).then(() => true, () => false);
    if (hasGit) nested.push(child);
  }
  return nested;
}

function toPosix(relative: string): string {
  return relative.split(path.sep).join('/');
}

async function existingDirectory(requested: string): Promise<string> {
  let directory: string;
  try {
    directory = await realpath(requested);
  } catch {
    throw new GitPathNotFoundError(`Path does not exist: ${requested}`);
  }
  if (!(await stat(directory)).isDirectory()) throw new GitRequestError(`Not a directory: ${requested}`);
  return directory;
}

export async function gitChanges(requested: string): Promise<GitChange[]> {
  const directory = await existingDirectory(requested);
  const outer = await repositoryRoot(directory);
  const nested = await nestedRepositories(directory);
  if (outer.root === null && nested.length === 0) {
    throw new GitRequestError(`Not a git repository: ${requested}${outer.reason ? ` (${outer.reason})` : ''}`);
  }
  const base = outer.root ?? directory;
  const changes = outer.root === null ? new Map<string, GitChangeStatus>() : await repositoryChanges(outer.root);
  for (const child of nested) {
    const prefix = toPosix(path.relative(base, child));
    for (const file of changes.keys()) {
      if (file === prefix || file.startsWith(`${prefix}/`)) changes.delete(file);
    }
    for (const [file, status] of await repositoryChanges(child)) changes.set(`${prefix}/${file}`, status);
  }
  return [...changes]
    .map(([file, status]) => ({ status, path: file }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
