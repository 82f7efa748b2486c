/**
 * grep (agent.md 5.8): lists the files whose content matches a case-insensitive regular expression.
 * ripgrep (`-l -i --sortr=modified`) when installed, else a bounded Node walk that reads each text
 * file (up to 10 MB) and tests it with the same JavaScript regex used to validate the pattern.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ToolExecutor } from '../define-tool.js';
import { globToRegExp } from '../glob-pattern.js';
import { makeObservation } from '../observation.js';
import { hasRipgrep, runRipgrep } from '../ripgrep.js';
import type { Observation, ToolContext } from '../types.js';
import { isDirectory, modifiedMs, newestFirst, walkFiles, type WalkedFile } from '../walk-files.js';
import { renderGrepResult, renderInvalidRegex, renderInvalidSearchPath, RESULT_LIMIT } from './render.js';
import type { GrepAction } from './schema.js';

const MAX_FILE_BYTES = 10 * 1024 * 1024;
const READ_BATCH = 32;

export class GrepExecutor implements ToolExecutor<GrepAction> {
  async execute(action: GrepAction, context: ToolContext): Promise<Observation> {
    const directory = action.path ? path.resolve(context.workingDir, action.path) : context.workingDir;
    const fields = {
      matches: [] as string[],
      pattern: action.pattern,
      search_path: directory,
      include_pattern: action.include,
      truncated: false,
    };
    const failed = (text: string) => makeObservation('GrepObservation', { content: text, isError: true, fields });
    let regex: RegExp;
    try {
      regex = new RegExp(action.pattern, 'i');
    } catch (error) {
      return failed(renderInvalidRegex((error as Error).message));
    }
    if (!(await isDirectory(directory))) return failed(renderInvalidSearchPath(directory));

    const found = (await hasRipgrep())
      ? await grepWithRipgrep(action, directory, context.signal)
      : await grepWithWalk(regex, action.include, directory, context.signal);
    const matches = found.slice(0, RESULT_LIMIT);
    const isTruncated = found.length > RESULT_LIMIT;
    return makeObservation('GrepObservation', {
      content: renderGrepResult({ matches, pattern: action.pattern, searchPath: directory, include: action.include, isTruncated }),
      fields: { ...fields, matches, truncated: isTruncated },
    });
  }
}

async function grepWithRipgrep(action: GrepAction, directory: string, signal: AbortSignal): Promise<string[]> {
  const include = action.include ? ['-g', action.include] : [];
  const result = await runRipgrep(['-l', '-i', '--sortr=modified', ...include, '-e', action.pattern, directory], signal);
  if (result.exitCode > 1) throw new Error(result.stderr.trim() || `ripgrep exited with code ${result.exitCode}`);
  return result.lines.map((line) => path.resolve(directory, line));
}

async function grepWithWalk(regex: RegExp, include: string | null, directory: string, signal: AbortSignal): Promise<string[]> {
  const includes = includeFilter(include);
  const matches: { file: string; modifiedMs: number }[] = [];
  let batch: WalkedFile[] = [];
  const flush = async () => {
    const results = await Promise.all(batch.map((file) => fileMatches(file.path, regex)));
    for (const [index, file] of batch.entries()) {
      if (results[index]) matches.push({ file: file.path, modifiedMs: await modifiedMs(file.path) });
    }
    batch = [];
  };
  for await (const file of walkFiles(directory, { signal })) {
    if (!includes(file.relative)) continue;
    batch.push(file);
    if (batch.length >= READ_BATCH) await flush();
  }
  await flush();
  return newestFirst(matches);
}

/** As ripgrep's `-g`: a glob without `/` is tested against the file name, else the relative path. */
function includeFilter(include: string | null): (relative: string) => boolean {
  if (!include) return () => true;
  const matcher = globToRegExp(include);
  if (include.includes('/')) return (relative) => matcher.test(relative);
  return (relative) => matcher.test(relative.slice(relative.lastIndexOf('/') + 1));
}

async function fileMatches(file: string, regex: RegExp): Promise<boolean> {
  try {
    if ((await stat(file)).size > MAX_FILE_BYTES) return false;
    const bytes = await readFile(file);
    if (bytes.subarray(0, 8192).includes(0)) return false; // binary, as `grep -I` skips it
    return regex.test(bytes.toString('utf8'));
  } catch {
    return false; // unreadable file: skipped, like `grep -r -s`
  }
}
