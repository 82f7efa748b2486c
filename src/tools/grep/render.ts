/** agent.md 5.8: the grep texts the LLM reads. */
export interface GrepResult {
  matches: string[];
  pattern: string;
  searchPath: string;
  include: string | null;
  isTruncated: boolean;
}

export const RESULT_LIMIT = 100;

export function renderGrepResult(result: GrepResult): string {
  const filter = result.include ? ` (filtered by '${result.include}')` : '';
  if (result.matches.length === 0) {
    return `No files found containing pattern '${result.pattern}' in directory '${result.searchPath}'${filter}`;
  }
  let text = `Found ${result.matches.length} file(s) containing pattern '${result.pattern}' in '${result.searchPath}'${filter}:\n`;
  text += result.matches.join('\n');
  if (result.isTruncated) {
    text += `\n\n[Results truncated to first ${RESULT_LIMIT} files. Consider using a more specific pattern.]`;
  }
  return text;
}

export function renderInvalidRegex(reason: string): string {
  return `Invalid regex pattern: ${reason}`;
}

export function renderInvalidSearchPath(searchPath: string): string {
  return `Search path '${searchPath}' is not a valid directory`;
}
