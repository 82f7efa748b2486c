/**
 * Runs git as a subprocess: arguments as an array (never a shell string), 30 seconds at most
 * unless told otherwise (api.md 10), no prompts, no optional lock taking (a read must not block the user's own git).
 */
import { execFile } from 'node:child_process';
import { GitCommandError } from '../errors.js';

export interface GitResult {
  exitCode: number;
  stdout: Buffer;
  stderr: string;
}

const TIMEOUT_MS = 30_000;
const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;

/**
 * Resolves with git's exit code and output, whatever the exit code; rejects with GitCommandError
 * only when git cannot run, times out, or prints more than we keep.
 */
export function runGit(cwd: string, args: readonly string[], options: { timeoutMs?: number } = {}): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      args,
      {
        cwd,
        encoding: 'buffer',
        timeout: options.timeoutMs ?? TIMEOUT_MS,
        maxBuffer: MAX_OUTPUT_BYTES,
        env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' },
      },
      (error, stdout, stderr) => {
        const stderrText = stderr.toString('utf8').trim();
        if (!error) return resolve({ exitCode: 0, stdout, stderr: stderrText });
        const failure = error as NodeJS.ErrnoException & { killed?: boolean; code?: number | string };
        if (typeof failure.code === 'number' && !failure.killed) return resolve({ exitCode: failure.code, stdout, stderr: stderrText });
        const command = `git ${args.join(' ')}`;
        if (failure.code === 'ENOENT') return reject(new GitCommandError('Git command not found. Is git installed?', { cause: error }));
        if (failure.killed) return reject(new GitCommandError(`Git command timed out: ${command}`, { cause: error }));
        reject(new GitCommandError(`Git command failed: ${command}: ${failure.message}`, { cause: error }));
      },
    );
  });
}

/** Like runGit, but a non-zero exit is a GitCommandError with git's own message. */
export async function runGitOrFail(cwd: string, args: readonly string[], options: { timeoutMs?: number } = {}): Promise<Buffer> {
  const result = await runGit(cwd, args, options);
  if (result.exitCode !== 0) {
    throw new GitCommandError(`Git command failed: git ${args.join(' ')}${result.stderr ? `: ${result.stderr}` : ''}`);
  }
  return result.stdout;
}
