/** Finds and runs ripgrep when it is installed; glob and grep fall back to a Node walk otherwise. */
import { execFile } from 'node:child_process';

let located: Promise<boolean> | undefined;

export function hasRipgrep(): Promise<boolean> {
  located ??= new Promise((resolve) => {
    execFile('rg', ['--version'], { timeout: 10_000 }, (error) => resolve(!error));
  });
  return located;
}

export interface RipgrepResult {
  exitCode: number;
  lines: string[];
  stderr: string;
}

/** agent.md 5.8: ripgrep runs with a 30 s limit. Exit code 1 means "no match" for ripgrep. */
export function runRipgrep(args: string[], signal?: AbortSignal): Promise<RipgrepResult> {
  return new Promise((resolve, reject) => {
    execFile('rg', args, { timeout: 30_000, maxBuffer: 64 * 1024 * 1024, signal }, (error, stdout, stderr) => {
      const code: unknown = error ? (error as { code?: unknown }).code : 0;
      if (typeof code !== 'number') return reject(error);
      resolve({ exitCode: code, lines: stdout.split('\n').filter(Boolean), stderr });
    });
  });
}
