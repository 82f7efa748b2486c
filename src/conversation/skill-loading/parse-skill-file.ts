/**
 * One skill file to one Skill (agent.md 9.4): a markdown file with optional YAML frontmatter, or
 * one of the instruction files other agents read (AGENTS.md, CLAUDE.md, ...), which is always active.
 */
import { parse as parseYaml } from 'yaml';
import type { InputMetadata, Skill } from '../../models/index.js';
import { maybeTruncate } from '../../tools/truncate.js';

/** Instruction files of other tools, by lower-case file name, and the skill name each becomes. */
export const THIRD_PARTY_SKILL_NAMES: Readonly<Record<string, string>> = {
  '.cursorrules': 'cursorrules',
  'agents.md': 'agents',
  'agent.md': 'agents',
  'claude.md': 'claude',
  'gemini.md': 'gemini',
};

/** Third-party files are always in the prompt, so they are kept short. */
export const THIRD_PARTY_SKILL_MAX_CHARS = 10_000;

export class SkillFileError extends Error {}

/**
 * `name` is the skill's name unless the frontmatter names it; `sourcePath` is recorded as its source.
 * Throws SkillFileError when the frontmatter is not YAML or has fields of the wrong shape.
 */
export function parseSkillFile(sourcePath: string, name: string, text: string): Skill {
  const thirdPartyName = THIRD_PARTY_SKILL_NAMES[baseName(sourcePath).toLowerCase()];
  if (thirdPartyName) {
    return { name: thirdPartyName, content: shortened(text, sourcePath), trigger: null, source: sourcePath, mcp_tools: null, inputs: [] };
  }
  const { metadata, body } = splitFrontmatter(text);
  const skillName = metadata.name === undefined || metadata.name === null ? name : String(metadata.name);
  const keywords = metadata.triggers ?? [];
  if (!Array.isArray(keywords) || !keywords.every((word) => typeof word === 'string')) {
    throw new SkillFileError('triggers must be a list of strings');
  }
  if (metadata.inputs !== undefined) {
    // A task skill can always be called by its name as a slash command.
    const triggers = keywords.includes(`/${skillName}`) ? [...keywords] : [...keywords, `/${skillName}`];
    return { name: skillName, content: body, trigger: { type: 'task', triggers }, source: sourcePath, mcp_tools: null, inputs: readInputs(metadata.inputs) };
  }
  if (keywords.length > 0) {
    return { name: skillName, content: body, trigger: { type: 'keyword', keywords: [...keywords] }, source: sourcePath, mcp_tools: null, inputs: [] };
  }
  const mcpTools = metadata.mcp_tools ?? null;
  if (mcpTools !== null && (typeof mcpTools !== 'object' || Array.isArray(mcpTools))) {
    throw new SkillFileError('mcp_tools must be a mapping');
  }
  return { name: skillName, content: body, trigger: null, source: sourcePath, mcp_tools: mcpTools as Record<string, unknown> | null, inputs: [] };
}

const BOUNDARY = /^-{3,}[ \t]*$/m;

function splitFrontmatter(text: string): { metadata: Record<string, unknown>; body: string } {
  const trimmed = text.trim();
  const opening = BOUNDARY.exec(trimmed);
  if (!opening || opening.index !== 0) return { metadata: {}, body: trimmed };
  const afterOpening = trimmed.slice(opening[0].length);
  const closing = BOUNDARY.exec(afterOpening);
  if (!closing) return { metadata: {}, body: trimmed };
  let metadata: unknown;
  try {
    metadata = parseYaml(afterOpening.slice(0, closing.index));
  } catch (error) {
    throw new SkillFileError(`the frontmatter is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  const body = afterOpening.slice(closing.index + closing[0].length).trim();
  if (metadata === null || metadata === undefined) return { metadata: {}, body };
  if (typeof metadata !== 'object' || Array.isArray(metadata)) throw new SkillFileError('the frontmatter must be a mapping');
  return { metadata: metadata as Record<string, unknown>, body };
}

function readInputs(value: unknown): InputMetadata[] {
  if (!Array.isArray(value)) throw new SkillFileError('inputs must be a list');
  return value.map((item, index) => {
    const input = item as { name?: unknown; description?: unknown } | null;
    if (typeof input?.name !== 'string' || typeof input.description !== 'string') {
      throw new SkillFileError(`inputs[${index}] needs a name and a description`);
    }
    return { name: input.name, description: input.description };
  });
}

function shortened(text: string, sourcePath: string): string {
  const notice =
    `\n\n<TRUNCATED><NOTE>${sourcePath} is longer than ${THIRD_PARTY_SKILL_MAX_CHARS} characters; ` +
    'only its beginning and end are shown here. Read the file itself for the rest.</NOTE>\n\n';
  return maybeTruncate(text, THIRD_PARTY_SKILL_MAX_CHARS, { notice });
}

function baseName(filePath: string): string {
  return filePath.slice(filePath.lastIndexOf('/') + 1);
}
