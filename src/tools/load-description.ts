import { readFileSync } from 'node:fs';

/** Reads a tool's `description.md` (product text lives in its own file, style.md 2.11). */
export function loadDescription(url: URL): string {
  return readFileSync(url, 'utf8').trim();
}

/** The closing line of the descriptions that depend on the workspace (agent.md 5.4, 5.8). */
export function workingDirLine(workingDir: string | undefined): string {
  return workingDir ? `\n\nYour current working directory is: ${workingDir}` : '';
}
