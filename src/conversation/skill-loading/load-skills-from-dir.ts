/**
 * A skills folder to Skills (agent.md 9.4): every `*.md` below it except README.md, plus the
 * instruction files of other agents (AGENTS.md, CLAUDE.md, .cursorrules, ...) found in the
 * repository root two levels above it (for `<repo>/.openhands/skills`, the repository itself).
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Skill } from '../../models/index.js';
import { parseSkillFile, THIRD_PARTY_SKILL_NAMES } from './parse-skill-file.js';

export interface SkillLoadWarning {
  file: string;
  reason: string;
}

export interface LoadedSkills {
  /** Later files with a name already taken are left out (and reported). */
  skills: Skill[];
  warnings: SkillLoadWarning[];
}

export interface LoadSkillsOptions {
  /** Names of the skill files are their paths relative to this folder (default: the skills folder). */
  namesRelativeTo?: string;
  /** Look for third-party instruction files two levels up (default true). */
  withThirdPartyFiles?: boolean;
}

/** A folder that does not exist holds no skills; a file that cannot be read or parsed is skipped with a warning. */
export async function loadSkillsFromDir(skillsDir: string, options: LoadSkillsOptions = {}): Promise<LoadedSkills> {
  const namesRoot = options.namesRelativeTo ?? skillsDir;
  const files = [
    ...(options.withThirdPartyFiles === false ? [] : await thirdPartyFiles(path.dirname(path.dirname(skillsDir)))),
    ...(await markdownFiles(skillsDir)),
  ];
  const loaded: LoadedSkills = { skills: [], warnings: [] };
  for (const file of files) {
    try {
      const name = path.relative(namesRoot, file).replace(/\.md$/, '');
      const skill = parseSkillFile(file, name, await readFile(file, 'utf8'));
      if (loaded.skills.some((known) => known.name === skill.name)) {
        loaded.warnings.push({ file, reason: `a skill named "${skill.name}" was already loaded` });
      } else {
        loaded.skills.push(skill);
      }
    } catch (error) {
      loaded.warnings.push({ file, reason: (error as Error).message });
    }
  }
  return loaded;
}

/** File names are matched without regard to case: AGENTS.md, agents.md and Agents.md all count. */
async function thirdPartyFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => (entry.isFile() || entry.isSymbolicLink()) && THIRD_PARTY_SKILL_NAMES[entry.name.toLowerCase()] !== undefined)
    .map((entry) => path.join(root, entry.name))
    .sort();
}

async function markdownFiles(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.md') && entry.name !== 'README.md')
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}
