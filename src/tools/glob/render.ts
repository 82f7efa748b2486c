/** agent.md 5.8: the glob texts the LLM reads. */
export interface GlobResult {
  files: string[];
  pattern: string;
  searchPath: string;
  isTruncated: boolean;
}

export const RESULT_LIMIT = 100;

export function renderGlobResult(result: GlobResult): string {
  if (result.files.length === 0) {
    return `No files found matching pattern '${result.pattern}' in directory '${result.searchPath}'`;
  }
  let text = `Found ${result.files.length} file(s) matching pattern '${result.pattern}' in '${result.searchPath}':\n`;
  text += result.files.join('\n');
  if (result.isTruncated) {
    text += `\n\n[Results truncated to first ${RESULT_LIMIT} files. Consider using a more specific pattern.]`;
  }
  return text;
}

export function renderInvalidSearchPath(searchPath: string): string {
  return `Search path '${searchPath}' is not a valid directory`;
}
