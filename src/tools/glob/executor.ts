/**
 * glob (agent.md 5.8): ripgrep `--files -g` when installed, else a bounded Node walk where a
 * pattern without `**` is matched at any depth. Results are absolute paths, newest first.
 */
import path from 'node:path';
import type { ToolExecutor } from '../define-tool.js';
import { globToRegExp, hasGlobCharacters } from '../glob-pattern.js';
import { makeObservation } from '../observation.js';
import { hasRipgrep, runRipgrep } from '../ripgrep.js';
import type { Observation, ToolContext } from '../types.js';
import { isDirectory, modifiedMs, newestFirst, walkFiles } from '../walk-files.js';
import { renderGlobResult, renderInvalidSearchPath, RESULT_LIMIT } from './render.js';
import type { GlobAction } from './schema.js';

export class GlobExecutor implements ToolExecutor<GlobAction> {
  async execute(action: GlobAction, context: ToolContext): Promise<Observation> {
    const { directory, pattern } = splitSearch(action, context.workingDir);
    const fields = { files: [] as string[], pattern, search_path: directory, truncated: false };
    if (!(await isDirectory(directory))) {
      return makeObservation('GlobObservation', { content: renderInvalidSearchPath(directory), isError: true, fields });
    }
    const found = (await hasRipgrep())
      ? await globWithRipgrep(directory, pattern, context.signal)
      : await globWithWalk(directory, pattern, context.signal);
    const files = found.slice(0, RESULT_LIMIT);
    const isTruncated = found.length > RESULT_LIMIT;
    return makeObservation('GlobObservation', {
      content: renderGlobResult({ files, pattern, searchPath: directory, isTruncated }),
      fields: { ...fields, files, truncated: isTruncated },
    });
  }
}

/** An absolute pattern searches from its longest leading part without glob characters. */
export function splitSearch(action: GlobAction, workingDir: string): { directory: string; pattern: string } {
  if (action.path) return { directory: path.resolve(workingDir, action.path), pattern: action.pattern };
  if (!path.isAbsolute(action.pattern)) return { directory: workingDir, pattern: action.pattern };
  const segments = action.pattern.split('/');
  const firstGlob = segments.findIndex(hasGlobCharacters);
  const cut = firstGlob === -1 ? segments.length - 1 : firstGlob;
  return { directory: segments.slice(0, cut).join('/') || '/', pattern: segments.slice(cut).join('/') };
}

async function globWithRipgrep(directory: string, pattern: string, signal: AbortSignal): Promise<string[]> {
  const result = await runRipgrep(['--files', directory, '-g', pattern, '--sortr=modified'], signal);
  if (result.exitCode > 1) throw new Error(result.stderr.trim() || `ripgrep exited with code ${result.exitCode}`);
  return result.lines.map((line) => path.resolve(directory, line));
}

async function globWithWalk(directory: string, pattern: string, signal: AbortSignal): Promise<string[]> {
  const matcher = globToRegExp(pattern.includes('**') ? pattern : `**/${pattern}`);
  const matches: { file: string; modifiedMs: number }[] = [];
  for await (const file of walkFiles(directory, { signal })) {
    if (!matcher.test(file.relative)) continue;
    matches.push({ file: file.path, modifiedMs: await modifiedMs(file.path) });
  }
  return newestFirst(matches);
}
