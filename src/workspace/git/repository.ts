/**
 * Finding repositories and the revision to compare a work tree with (api.md 10.1 step 1).
 *
 * The comparison ref, first that resolves: `origin/<current branch>`; the fork point with
 * origin's default branch (or its tip when there is no common history); HEAD; the empty tree for a
 * repository without commits. The reference at our contract's commit tries HEAD last of all, after
 * the empty tree, so in a repository without a remote every tracked file showed as added; a later
 * reference version compares with HEAD, as here (design.md 2.3).
 */
import { runGit, runGitOrFail } from './run-git.js';

/** The work tree root containing `directory`, or null with git's reason when there is none. */
export async function repositoryRoot(directory: string): Promise<{ root: string } | { root: null; reason: string }> {
  const result = await runGit(directory, ['rev-parse', '--show-toplevel']);
  const root = result.stdout.toString('utf8').trim();
  if (result.exitCode !== 0 || !root) return { root: null, reason: result.stderr.split('\n')[0] ?? '' };
  return { root };
}

async function resolveCommit(root: string, ref: string): Promise<string | null> {
  const result = await runGit(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  return result.exitCode === 0 ? result.stdout.toString('utf8').trim() : null;
}

async function symbolicRef(root: string, name: string): Promise<string | null> {
  const result = await runGit(root, ['symbolic-ref', '--quiet', '--short', name]);
  return result.exitCode === 0 ? result.stdout.toString('utf8').trim() || null : null;
}

/** The id of the empty tree in this repository's hash format. */
async function emptyTree(root: string): Promise<string> {
  return (await runGitOrFail(root, ['hash-object', '-t', 'tree', '/dev/null'])).toString('utf8').trim();
}

export async function comparisonRef(root: string): Promise<string> {
  const head = await resolveCommit(root, 'HEAD');
  if (head === null) return emptyTree(root);
  const branch = await symbolicRef(root, 'HEAD');
  if (branch !== null) {
    const upstream = await resolveCommit(root, `refs/remotes/origin/${branch}`);
    if (upstream !== null) return upstream;
  }
  // Local only (no network): the remote default branch as recorded at clone time.
  const remoteDefault = await symbolicRef(root, 'refs/remotes/origin/HEAD');
  if (remoteDefault !== null) {
    const forkPoint = await runGit(root, ['merge-base', 'HEAD', remoteDefault]);
    if (forkPoint.exitCode === 0) return forkPoint.stdout.toString('utf8').trim();
    const tip = await resolveCommit(root, remoteDefault);
    if (tip !== null) return tip;
  }
  return head;
}
