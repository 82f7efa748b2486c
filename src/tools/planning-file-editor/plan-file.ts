/** The one file planning_file_editor may change (agent.md 5.9): PLAN.md at the workspace root. */
import { realpathSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const PLAN_FILENAME = 'PLAN.md';

/** The plan's sections, in order. Section titles are data shared with the reference's planning preset. */
const PLAN_SECTIONS = ['OBJECTIVE', 'CONTEXT SUMMARY', 'APPROACH OVERVIEW', 'IMPLEMENTATION STEPS', 'TESTING AND VALIDATION'];

export function planPathFor(workingDir: string): string {
  return path.join(path.resolve(workingDir), PLAN_FILENAME);
}

/** `# 1. OBJECTIVE` and so on, a blank line between headers, so the agent fills in each section. */
export function planHeaders(): string {
  return PLAN_SECTIONS.map((title, index) => `# ${index + 1}. ${title}\n`).join('\n');
}

/**
 * Writes the headers unless the file exists. The `wx` flag makes "exists" and "write" one step, so
 * a plan already there (from an earlier run, or a conversation sharing the workspace) is never
 * overwritten.
 */
export function ensurePlanFile(planPath: string): void {
  try {
    writeFileSync(planPath, planHeaders(), { encoding: 'utf8', flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return;
    throw new Error(`Cannot create the plan file ${planPath}: ${(error as Error).message}`);
  }
}

/**
 * Whether `target` names the plan file. A relative target is read against the workspace, so the
 * file editor can still answer with its own "use an absolute path" hint. Real paths are compared
 * too, because the workspace may be reached through a symlink (macOS's /tmp, a mounted volume).
 */
export function isPlanFile(target: string, planPath: string, workingDir: string): boolean {
  const resolved = path.resolve(workingDir, target);
  if (resolved === planPath) return true;
  const real = realPathOrNull(resolved);
  return real !== null && real === realPathOrNull(planPath);
}

function realPathOrNull(file: string): string | null {
  try {
    return realpathSync(file);
  } catch {
    return null;
  }
}
